import type { MessageDecoder } from '../interfaces/message-decoder.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';

/** No decoding: handlers get the value's bytes (null for a tombstone); key and headers are in the context. */
export class RawDecoder implements MessageDecoder<Buffer | null> {
  readonly name = 'RawDecoder';

  decode(record: RawRecord): Buffer | null {
    return record.value;
  }
}
