/** Where a page ended: the last row's position in the (provider_id, code) order. Opaque to clients. */
export interface AddOnCursor {
  providerId: string;
  code: string;
}

export function encodeCursor(cursor: AddOnCursor): string {
  return Buffer.from(JSON.stringify([cursor.providerId, cursor.code]), 'utf8').toString('base64url');
}

/** Undefined for anything this API did not produce. */
export function decodeCursor(value: string): AddOnCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      return { providerId: parsed[0], code: parsed[1] };
    }
  } catch {
    // Not JSON: not ours.
  }
  return undefined;
}
