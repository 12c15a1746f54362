/** A kind of background job the worker runs: its queue, retry policy, optional schedule and handler. */
export interface JobDefinition<T extends object = object> {
  /** Queue name, e.g. `add-ons.enable`. */
  name: string;
  /** Attempts after the first; each failure (a thrown error) is retried with exponential backoff. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** Cron expression (UTC) for jobs the worker schedules itself. */
  cron?: string;
  handle(data: T): Promise<void>;
}

/** Multi-provider token: every JobDefinition registered under it is worked at boot. */
export const JOB_DEFINITIONS = Symbol('JOB_DEFINITIONS');
