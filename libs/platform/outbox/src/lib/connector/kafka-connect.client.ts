/** State of a connector and its tasks as Kafka Connect reports it. */
export interface ConnectorStatus {
  name: string;
  connector: { state: string; trace?: string };
  tasks: Array<{ id: number; state: string; trace?: string }>;
}

export class KafkaConnectError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KafkaConnectError';
  }
}

/** The few calls of Kafka Connect's REST API the outbox needs. */
export class KafkaConnectClient {
  constructor(private readonly baseUrl: string) {}

  /**
   * Creates or updates: `PUT /connectors/<name>/config` is idempotent, so registering at every
   * deploy is safe. When Connect rejects the configuration, the error lists its validation
   * errors (for a Debezium connector that cannot reach its database Connect itself answers only
   * an opaque 500; its validate endpoint says why).
   */
  async putConnectorConfig(name: string, config: Record<string, string>): Promise<void> {
    try {
      await this.request('PUT', `/connectors/${encodeURIComponent(name)}/config`, config);
    } catch (error) {
      if (!(error instanceof KafkaConnectError) || error.status === undefined) throw error;
      const reasons = await this.validationErrors({ name, ...config }).catch(() => []);
      if (reasons.length === 0) throw error;
      throw new KafkaConnectError(
        `Kafka Connect at ${this.baseUrl} rejected connector ${name} (${error.status}): ${reasons.join('; ')}`,
        error.status,
      );
    }
  }

  /** What Connect's validation finds wrong with a connector configuration, one entry per field. */
  async validationErrors(config: Record<string, string>): Promise<string[]> {
    const plugin = encodeURIComponent(config['connector.class'] ?? '');
    const result = await this.request<{
      configs: Array<{ value: { name: string; errors: string[] } | null }>;
    }>('PUT', `/connector-plugins/${plugin}/config/validate`, config);
    return (result?.configs ?? []).flatMap(({ value }) =>
      value && value.errors.length > 0 ? [`${value.name}: ${value.errors.join(' ')}`] : [],
    );
  }

  async status(name: string): Promise<ConnectorStatus | undefined> {
    return this.request<ConnectorStatus>(
      'GET',
      `/connectors/${encodeURIComponent(name)}/status`,
      undefined,
      true,
    );
  }

  async restart(name: string): Promise<void> {
    await this.request(
      'POST',
      `/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=true`,
    );
  }

  async delete(name: string): Promise<void> {
    await this.request('DELETE', `/connectors/${encodeURIComponent(name)}`, undefined, true);
  }

  /** Resolves once the connector and every task are RUNNING; a FAILED task fails fast with its trace. */
  async waitUntilRunning(name: string, timeoutMs = 60_000): Promise<ConnectorStatus> {
    const deadline = Date.now() + timeoutMs;
    let last: ConnectorStatus | undefined;
    while (Date.now() < deadline) {
      last = await this.status(name).catch(() => undefined);
      const failed = last?.tasks.find((t) => t.state === 'FAILED');
      if (failed)
        throw new KafkaConnectError(`connector ${name} task ${failed.id} FAILED: ${firstLine(failed.trace)}`);
      if (
        last?.connector.state === 'RUNNING' &&
        last.tasks.length > 0 &&
        last.tasks.every((t) => t.state === 'RUNNING')
      ) {
        return last;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new KafkaConnectError(
      `connector ${name} not RUNNING after ${timeoutMs} ms (last: ${JSON.stringify(last)})`,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    allow404 = false,
  ): Promise<T | undefined> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new KafkaConnectError(
        `Kafka Connect at ${this.baseUrl} unreachable: ${(error as Error).message}`,
      );
    }
    if (allow404 && res.status === 404) return undefined;
    const text = await res.text();
    if (!res.ok) throw new KafkaConnectError(`${method} ${path} answered ${res.status}: ${text}`, res.status);
    return text ? (JSON.parse(text) as T) : undefined;
  }
}

function firstLine(text?: string): string {
  return (text ?? 'no trace').split('\n')[0];
}
