import type { LoggerService, LogLevel } from '@nestjs/common';
import { activeLogCorrelation } from '../tracing/log-correlation';
import { currentLogFields, type LogFields } from './log-fields';
import { safeJson } from './safe-json';

export interface JsonLoggerOptions {
  /** Written as `service` on every line, Datadog's unified service tag. */
  service?: string;
  /** Levels that are written; all by default. */
  logLevels?: LogLevel[];
  /** Where lines go; stdout by default, where the Datadog agent collects container logs. */
  write?: (line: string) => void;
}

// Nest says `log` and `verbose`; Datadog's status remapper understands `info` and `debug`-like names.
const LEVEL_NAMES: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'verbose',
};

const ALL_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const RESERVED = new Set(['timestamp', 'level', 'message', 'context', 'service', 'stack', 'dd']);

/**
 * A Nest LoggerService writing one JSON object per line: `timestamp`, `level`, `message`,
 * `context`, `service`, the fields of the enclosing {@link withLogFields} calls and of any
 * object passed with the message, `stack` for errors, and `dd.trace_id`/`dd.span_id` when a
 * span is active so Datadog links the line to its trace.
 *
 * Accepts what Nest's `Logger` passes: `log(message, ...params, context?)` and
 * `error(message, stack?, context?)`; an Error as message, or plain objects as extra fields.
 */
export class JsonLogger implements LoggerService {
  private levels: Set<LogLevel>;
  private readonly write: (line: string) => void;

  constructor(private readonly options: JsonLoggerOptions = {}) {
    this.levels = new Set(options.logLevels ?? ALL_LEVELS);
    this.write = options.write ?? ((line) => process.stdout.write(line));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.print('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.print('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.print('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.print('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.print('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.print('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  private print(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.levels.has(level)) return;
    const rest = [...params];
    // Nest's Logger appends its context as the last string parameter.
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: LogFields = { ...currentLogFields() };
    let stack: string | undefined;
    let text: string;

    if (message instanceof Error) {
      text = message.message;
      stack = message.stack;
    } else if (isPlainObject(message)) {
      Object.assign(fields, message);
      text = typeof message['message'] === 'string' ? message['message'] : '';
    } else {
      text = typeof message === 'string' ? message : safeJson(message);
    }
    for (const param of rest) {
      if (param instanceof Error) stack ??= param.stack;
      else if (isPlainObject(param)) Object.assign(fields, param);
      // Nest's error(message, stack, context) passes the stack as a string.
      else if (typeof param === 'string' && level === 'error') stack ??= param;
      else if (param !== undefined) fields['params'] = [...asArray(fields['params']), param];
    }

    const line: Record<string, unknown> = {
      timestamp: new Date().toISOString(),
      level: LEVEL_NAMES[level],
      message: text,
    };
    if (context) line['context'] = context;
    if (this.options.service) line['service'] = this.options.service;
    for (const [key, value] of Object.entries(fields)) if (!RESERVED.has(key)) line[key] = value;
    if (stack) line['stack'] = stack;
    const dd = activeLogCorrelation();
    if (dd) line['dd'] = dd;

    try {
      this.write(`${safeJson(line)}\n`);
    } catch {
      // stdout closed (EPIPE during shutdown): nowhere left to report it.
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
