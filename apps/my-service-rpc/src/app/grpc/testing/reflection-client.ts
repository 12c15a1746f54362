import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { Client, Metadata, credentials } from '@grpc/grpc-js';

const PATH = '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo';

export interface ReflectionAnswer {
  /** list_services_response: the fully qualified service names. */
  services: string[];
  /** file_descriptor_response: serialized FileDescriptorProtos. */
  files: Uint8Array[];
  error?: { code: number; message: string };
}

/**
 * Asks a server's reflection service one question, the way `grpcurl list` / `describe` do.
 * The few fields needed are read and written by hand with protobuf-es's wire codec, so the
 * tests need no reflection.proto.
 */
export async function reflect(
  address: string,
  question: { listServices: string } | { fileContainingSymbol: string },
): Promise<ReflectionAnswer> {
  const client = new Client(address, credentials.createInsecure());
  try {
    const call = client.makeBidiStreamRequest(
      PATH,
      (b: Buffer) => b,
      (b: Buffer) => b,
      new Metadata(),
      {
        deadline: new Date(Date.now() + 5000),
      },
    );
    const writer = new BinaryWriter();
    if ('listServices' in question) writer.tag(7, WireType.LengthDelimited).string(question.listServices);
    else writer.tag(4, WireType.LengthDelimited).string(question.fileContainingSymbol);
    const answer = new Promise<Buffer>((resolve, reject) => {
      call.once('data', resolve);
      call.once('error', reject);
    });
    call.write(Buffer.from(writer.finish()));
    call.end();
    return decodeResponse(await answer);
  } finally {
    client.close();
  }
}

function decodeResponse(bytes: Uint8Array): ReflectionAnswer {
  const answer: ReflectionAnswer = { services: [], files: [] };
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 6) {
      // ListServiceResponse { repeated ServiceResponse service = 1 { string name = 1 } }
      eachField(reader.bytes(), 1, (service) =>
        eachField(service, 1, (name) => answer.services.push(new TextDecoder().decode(name))),
      );
    } else if (field === 4) {
      // FileDescriptorResponse { repeated bytes file_descriptor_proto = 1 }
      eachField(reader.bytes(), 1, (file) => answer.files.push(file));
    } else if (field === 7) {
      const error = new BinaryReader(reader.bytes());
      answer.error = { code: 0, message: '' };
      while (error.pos < error.len) {
        const [f, wt] = error.tag();
        if (f === 1) answer.error.code = error.int32();
        else if (f === 2) answer.error.message = error.string();
        else error.skip(wt);
      }
    } else {
      reader.skip(wireType);
    }
  }
  return answer;
}

/** Calls `fn` with each length-delimited value of field `number` in `bytes`. */
function eachField(bytes: Uint8Array, number: number, fn: (value: Uint8Array) => void): void {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === number && wireType === WireType.LengthDelimited) fn(reader.bytes());
    else reader.skip(wireType);
  }
}
