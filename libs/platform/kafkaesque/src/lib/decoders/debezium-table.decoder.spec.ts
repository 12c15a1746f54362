import { DecodeError } from '../errors/decode.error';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { DebeziumTableDecoder } from './debezium-table.decoder';

const record = (key: unknown, value: unknown): RawRecord => ({
  topic: 'dev.cdc.public.bookings',
  partition: 0,
  offset: '0',
  key: key === null ? null : Buffer.from(JSON.stringify(key)),
  value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
  timestamp: '0',
});
const source = { db: 'my_service', schema: 'public', table: 'bookings' };
const change = (op: string, before: unknown, after: unknown) => ({
  before,
  after,
  source,
  op,
  ts_ms: 1_700_000_000_123,
});

describe('DebeziumTableDecoder', () => {
  const decoder = new DebeziumTableDecoder<{ id: number; name: string; deleted_at: string | null }>();

  it.each([
    ['c', 'insert'],
    ['r', 'read'],
    ['u', 'update'],
  ])('reads op %s as %s, with the row, its table and the key column as primary key', (op, operation) => {
    const row = { id: 7, name: 'x', deleted_at: null };
    const decoded = decoder.decode(record({ id: 7 }, change(op, null, row)));
    expect(decoded).toEqual({
      operation,
      database: 'my_service',
      schema: 'public',
      table: 'bookings',
      primaryKey: 7,
      data: row,
      before: null,
      timestamp: new Date(1_700_000_000_123),
    });
    expect(decoder.eventTypeOf(decoded)).toBe(operation);
  });

  it('makes an update that sets deleted_at a soft_delete (a custom column, or none)', () => {
    const row = { id: 7, name: 'x', deleted_at: '2026-12-03T10:00:00Z' };
    expect(decoder.decode(record({ id: 7 }, change('u', null, row))).operation).toBe('soft_delete');
    const custom = new DebeziumTableDecoder({ softDeleteColumn: 'archived_at' });
    expect(custom.decode(record({ id: 7 }, change('u', null, row))).operation).toBe('update');
    expect(custom.decode(record({ id: 7 }, change('u', null, { archived_at: 'now' }))).operation).toBe(
      'soft_delete',
    );
    const off = new DebeziumTableDecoder({ softDeleteColumn: null });
    expect(off.decode(record({ id: 7 }, change('u', null, row))).operation).toBe('update');
  });

  it('gives a delete its before row and no data, and the tombstone after it its key alone', () => {
    const before = { id: 7, name: 'x', deleted_at: null };
    expect(decoder.decode(record({ id: 7 }, change('d', before, null)))).toMatchObject({
      operation: 'delete',
      primaryKey: 7,
      data: null,
      before,
    });
    expect(decoder.decode(record({ id: 7 }, null))).toEqual({
      operation: 'tombstone',
      database: undefined,
      schema: undefined,
      table: undefined,
      primaryKey: 7,
      data: null,
      before: null,
      timestamp: undefined,
    });
  });

  it('unwraps JsonConverter envelopes with schemas on, and keeps a composite key whole', () => {
    const row = { tenant: 'a', id: 7 };
    const decoded = decoder.decode(
      record(
        { schema: { type: 'struct' }, payload: { tenant: 'a', id: 7 } },
        { schema: { type: 'struct' }, payload: change('c', null, row) },
      ),
    );
    expect(decoded).toMatchObject({ operation: 'insert', primaryKey: { tenant: 'a', id: 7 }, data: row });
  });

  it.each([
    ['not JSON', 'not json', /the value is not JSON/],
    ['no op', { after: {}, source }, /"op" must be one of c, u, d, r, t, got undefined/],
    ['an unknown op', change('m', null, null), /got "m"/],
    [
      'a row that is not an object',
      { ...change('c', null, null), after: [1] },
      /"after" must be an object or null/,
    ],
  ])('rejects %s as a DecodeError', (_what, value, reason) => {
    const decode = () => decoder.decode(record({ id: 1 }, value));
    expect(decode).toThrow(DecodeError);
    expect(decode).toThrow(reason);
  });
});
