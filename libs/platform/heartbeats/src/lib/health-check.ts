/** What a check reports. Throwing (or rejecting) is also "unhealthy", with the error's message as the reason. */
export type CheckOutcome = { healthy: true; details?: Record<string, unknown> } | { healthy: false; reason: string };

export type CheckFn = () => Promise<CheckOutcome | void>;

export type CheckKind = 'liveness' | 'readiness';

export interface CheckOptions {
  /** A check that has not answered by then is unhealthy, so one hung dependency cannot hang the endpoint. */
  timeoutMs?: number;
}

export interface RegisteredCheck {
  name: string;
  kind: CheckKind;
  timeoutMs: number;
  run: CheckFn;
}

export interface CheckReport {
  name: string;
  status: 'ok' | 'unhealthy';
  durationMs: number;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface HealthReport {
  status: 'ok' | 'unhealthy';
  checks: CheckReport[];
}
