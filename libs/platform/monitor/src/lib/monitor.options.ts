import type { LogLevel } from '@nestjs/common';

export interface MonitorOptions {
  /** Written on every log line and metric; usually the Nx app name, e.g. `my-service-events-consumers`. */
  service: string;
  /** Levels the logger writes; all by default. */
  logLevels?: LogLevel[];
  metrics?: {
    /** Prepended to every metric name. None by default: tags say which service sent it. */
    prefix?: string;
    /** Override DD_AGENT_HOST / DD_DOGSTATSD_PORT, e.g. in tests. */
    host?: string;
    port?: number;
  };
}

export const MONITOR_OPTIONS = Symbol('MONITOR_OPTIONS');

/** Nest's LoggerService, implemented by JsonLogger; `app.useLogger(app.get(LOGGER))`. */
export const LOGGER = Symbol('LOGGER');
