import { decode } from '@msgpack/msgpack';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as the v0.4 trace intake receives it; ids are unsigned 64-bit, kept as decimal strings. */
export interface ReceivedSpan {
  trace_id: string;
  span_id: string;
  parent_id: string;
  name: string;
  resource: string;
  service: string;
  error: number;
  meta: Record<string, string>;
  metrics: Record<string, number>;
}

/**
 * A stand-in for the Datadog agent's trace intake on 127.0.0.1: decodes the msgpack
 * payloads dd-trace sends to `/v0.4/traces` and keeps every span. Other endpoints
 * (telemetry, remote config) get a 404, which dd-trace tolerates.
 */
export class FakeDatadogAgent {
  readonly spans: ReceivedSpan[] = [];
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (!req.url?.startsWith('/v0.4/traces')) {
          res.writeHead(404).end();
          return;
        }
        const traces = decode(Buffer.concat(chunks), { useBigInt64: true }) as Array<
          Array<Record<string, unknown>>
        >;
        for (const trace of traces) for (const span of trace) this.spans.push(normalise(span));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"rate_by_service":{}}');
      });
    });
  }

  static async start(): Promise<FakeDatadogAgent> {
    const agent = new FakeDatadogAgent();
    await new Promise<void>((resolve) => agent.server.listen(0, '127.0.0.1', resolve));
    return agent;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Waits until a span matching `predicate` has arrived (the tracer flushes on an interval). */
  async waitForSpan(predicate: (span: ReceivedSpan) => boolean, timeoutMs = 5000): Promise<ReceivedSpan> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.spans.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no matching span within ${timeoutMs} ms; got ${this.spans.map((s) => s.name).join(', ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function normalise(span: Record<string, unknown>): ReceivedSpan {
  const id = (value: unknown): string => String(value ?? 0);
  return {
    ...(span as unknown as ReceivedSpan),
    trace_id: id(span['trace_id']),
    span_id: id(span['span_id']),
    parent_id: id(span['parent_id']),
  };
}
