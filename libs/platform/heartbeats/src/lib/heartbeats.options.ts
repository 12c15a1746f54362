export interface HeartbeatsOptions {
  /** Applied to checks registered without their own timeout. Default 2000 ms. */
  defaultTimeoutMs?: number;
}

export const HEARTBEATS_OPTIONS = Symbol('HEARTBEATS_OPTIONS');
