import { DecodeError } from '../errors/decode.error';
import type { MessageDecoder } from '../interfaces/message-decoder.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { errorMessage } from '../utils/error-message';

/**
 * What happened to the row: Debezium's `op` (`c`, `u`, `d`, `r` for a snapshot read, `t`), an
 * update that set the soft-delete column, or the tombstone Debezium writes after a delete
 * (value null, for log compaction).
 */
export type TableOperation =
  'insert' | 'update' | 'soft_delete' | 'delete' | 'read' | 'truncate' | 'tombstone';

export const TABLE_OPERATIONS: readonly TableOperation[] = [
  'insert',
  'update',
  'soft_delete',
  'delete',
  'read',
  'truncate',
  'tombstone',
];

/** What a handler receives from DebeziumTableDecoder: kafkaesque's `%DebeziumCDCMessage{}`. */
export interface DebeziumTableChange<Row = Record<string, unknown>> {
  readonly operation: TableOperation;
  readonly database: string | undefined;
  readonly schema: string | undefined;
  readonly table: string | undefined;
  /** From the record key: the key column's value, or an object of them for a composite key; null without a key. */
  readonly primaryKey: unknown;
  /** The row after the change; null for a delete, a truncate and a tombstone. */
  readonly data: Row | null;
  /** The row before it, when the table's REPLICA IDENTITY gives one (FULL); else null. */
  readonly before: Row | null;
  /** When Debezium processed the change (`ts_ms`); undefined for a tombstone. */
  readonly timestamp: Date | undefined;
}

export interface DebeziumTableDecoderOptions {
  /** An update that sets this column to non-null is a `soft_delete`. Default `deleted_at`; null turns it off. */
  readonly softDeleteColumn?: string | null;
}

const OPERATIONS: Readonly<Record<string, TableOperation>> = {
  c: 'insert',
  u: 'update',
  d: 'delete',
  r: 'read',
  t: 'truncate',
};

/**
 * Decodes the change events of Debezium's table connectors (no EventRouter: one topic per
 * table, `<topic.prefix>.<schema>.<table>`), with Kafka Connect's JsonConverter, schemas on
 * (`{"schema", "payload"}`) or off. The event type (`@OnKafkaEvent`) is the operation, so a
 * consumer declares handlers per operation and, with no handler for it, tombstones are skipped.
 * Anything that is not such an event is a DecodeError.
 */
export class DebeziumTableDecoder<Row = Record<string, unknown>> implements MessageDecoder<
  DebeziumTableChange<Row>
> {
  readonly name = 'DebeziumTableDecoder';
  readonly eventTypes = TABLE_OPERATIONS;
  private readonly softDeleteColumn: string | null;

  constructor(options: DebeziumTableDecoderOptions = {}) {
    this.softDeleteColumn = options.softDeleteColumn === undefined ? 'deleted_at' : options.softDeleteColumn;
  }

  eventTypeOf(change: DebeziumTableChange<Row>): string {
    return change.operation;
  }

  decode(record: RawRecord): DebeziumTableChange<Row> {
    const primaryKey = this.primaryKey(record.key);
    if (record.value === null || record.value.length === 0) {
      const none = { database: undefined, schema: undefined, table: undefined, data: null, before: null };
      return { ...none, operation: 'tombstone', primaryKey, timestamp: undefined };
    }
    const event = unwrap(this.parse(record.value, 'value'));
    if (!isObject(event)) throw this.fail('the value is not a change event object');
    const op = event['op'];
    const operation = typeof op === 'string' ? OPERATIONS[op] : undefined;
    if (!operation)
      throw this.fail(`"op" must be one of ${Object.keys(OPERATIONS).join(', ')}, got ${JSON.stringify(op)}`);
    const source = isObject(event['source']) ? event['source'] : {};
    const after = this.row(event, 'after');
    const softDeleted =
      operation === 'update' &&
      this.softDeleteColumn !== null &&
      after !== null &&
      (after as Record<string, unknown>)[this.softDeleteColumn] != null;
    const tsMs = event['ts_ms'];
    return {
      operation: softDeleted ? 'soft_delete' : operation,
      database: stringOr(source['db']),
      schema: stringOr(source['schema']),
      table: stringOr(source['table']),
      primaryKey,
      data: after,
      before: this.row(event, 'before'),
      timestamp: typeof tsMs === 'number' ? new Date(tsMs) : undefined,
    };
  }

  private primaryKey(key: Buffer | null): unknown {
    if (key === null || key.length === 0) return null;
    const parsed = unwrap(this.parse(key, 'key'));
    if (!isObject(parsed)) return parsed;
    const values = Object.values(parsed);
    return values.length === 1 ? values[0] : parsed;
  }

  private row(event: Record<string, unknown>, field: 'before' | 'after'): Row | null {
    const value = event[field];
    if (value === undefined || value === null) return null;
    if (!isObject(value)) throw this.fail(`"${field}" must be an object or null`);
    return value as Row;
  }

  private parse(bytes: Buffer, what: 'key' | 'value'): unknown {
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw this.fail(`the ${what} is not JSON: ${errorMessage(error)}`, error);
    }
  }

  private fail(reason: string, cause?: unknown): DecodeError {
    return new DecodeError(this.name, reason, cause === undefined ? undefined : { cause });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JsonConverter with `schemas.enable=true` wraps every value as `{"schema": ..., "payload": ...}`. */
function unwrap(value: unknown): unknown {
  return isObject(value) && 'schema' in value && 'payload' in value ? value['payload'] : value;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
