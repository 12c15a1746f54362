import type { DescMessage, DescOneof } from '@bufbuild/protobuf';
import { InvalidDecoderOptionsError } from '../errors/invalid-decoder-options.error';

/**
 * The oneof a decoder reads the event (or command) type from: the one named (proto or
 * TypeScript name), else the message's only oneof, else none.
 */
export function findOneof(
  schema: DescMessage,
  decoder: string,
  name: string | undefined,
): DescOneof | undefined {
  if (name !== undefined) {
    const found = schema.oneofs.find((o) => o.name === name || o.localName === name);
    if (!found) {
      const known = schema.oneofs.map((o) => o.name).join(', ') || 'none';
      throw new InvalidDecoderOptionsError(
        decoder,
        `${schema.typeName} has no oneof "${name}" (oneofs: ${known})`,
      );
    }
    return found;
  }
  if (schema.oneofs.length > 1) {
    const names = schema.oneofs.map((o) => o.name).join(', ');
    throw new InvalidDecoderOptionsError(
      decoder,
      `${schema.typeName} has several oneofs (${names}); name the one to read`,
    );
  }
  return schema.oneofs[0];
}

/** The snake_case names of a oneof's fields, e.g. `['add_on_enabled', 'add_on_disabled']`. */
export function oneofFieldNames(oneof: DescOneof): string[] {
  return oneof.fields.map((f) => f.name);
}

/** The set case of a oneof as `{ type: 'add_on_enabled', data }`, or undefined when none is set. */
export function readOneofCase(
  message: object,
  oneof: DescOneof,
): { type: string; data: unknown } | undefined {
  const value = (message as Record<string, { case?: string; value?: unknown } | undefined>)[oneof.localName];
  if (!value || value.case === undefined) return undefined;
  const field = oneof.fields.find((f) => f.localName === value.case);
  return field ? { type: field.name, data: value.value } : undefined;
}
