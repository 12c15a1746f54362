import { fromBinary } from '@bufbuild/protobuf';
import { DebeziumProtoDecoder } from '@platform/kafkaesque';
import { performance } from 'node:perf_hooks';
import { AddOnEvents, benchRecord } from './records';
import { median } from './stats';

/** The decoder's base64 check, copied from debezium-proto.decoder.ts to time it alone. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface DecodeStep {
  readonly step: string;
  readonly nsPerMessage: number;
}

/**
 * Times, in this process, each step DebeziumProtoDecoder takes per record (the same calls,
 * one step at a time over the same records), and the whole decode for comparison.
 */
export function decodeBreakdown(count: number, rounds: number): DecodeStep[] {
  const records = Array.from({ length: count }, (_, i) => benchRecord(4, i));
  const texts = records.map((r) => r.value.toString('utf8'));
  const parsed = texts.map((t) => JSON.parse(t) as { payload: string });
  const payloads = parsed.map((p) => p.payload);
  const bytes = payloads.map((p) => Buffer.from(p, 'base64'));
  const decoder = new DebeziumProtoDecoder(AddOnEvents.envelope);
  const raw = records.map((r, i) => ({
    topic: 't',
    partition: 0,
    offset: String(i),
    key: Buffer.from(r.key),
    value: r.value,
    headers: {},
    timestamp: '0',
  }));
  let sink = 0;
  const steps: Array<[string, (i: number) => void]> = [
    ['Buffer → string (utf8)', (i) => (sink += records[i].value.toString('utf8').length)],
    ['JSON.parse', (i) => (sink += Object.keys(JSON.parse(texts[i]) as object).length)],
    ['base64 RegExp check', (i) => (sink += BASE64.test(payloads[i]) ? 1 : 0)],
    ['base64 → Buffer', (i) => (sink += Buffer.from(payloads[i], 'base64').length)],
    [
      'protobuf fromBinary (envelope)',
      (i) => (sink += fromBinary(AddOnEvents.envelope, bytes[i]).payload.case ? 1 : 0),
    ],
    ['whole DebeziumProtoDecoder.decode', (i) => (sink += decoder.decode(raw[i]).eventType.length)],
  ];
  const result = steps.map(([step, run]) => {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const t0 = performance.now();
      for (let i = 0; i < count; i++) run(i);
      samples.push(((performance.now() - t0) * 1e6) / count);
    }
    // The first round warms the JIT up.
    return { step, nsPerMessage: median(samples.slice(1)) };
  });
  if (sink === -1) throw new Error('unreachable');
  return result;
}
