import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type DescMethod,
  type DescService,
  type Message,
} from '@bufbuild/protobuf';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { grpcMethodPath } from './method-types';

/**
 * Turns a protobuf-es service descriptor (the generated `GenService`) into a grpc-js
 * `ServiceDefinition` keyed by the methods' local names, so that `server.addService` and
 * `new Client(...)` speak the same binary protobuf as every other gRPC implementation.
 * Serializers accept a message or a plain initializer object (`create` passes messages through).
 */
export function toGrpcServiceDefinition(service: DescService): ServiceDefinition {
  return Object.fromEntries(
    service.methods.map((method) => [method.localName, toGrpcMethodDefinition(method)]),
  );
}

export function toGrpcMethodDefinition(method: DescMethod): MethodDefinition<Message, Message> {
  return {
    path: grpcMethodPath(method),
    originalName: method.name,
    requestStream: method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
    responseStream: method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
    requestSerialize: serializer(method.input),
    requestDeserialize: deserializer(method.input),
    responseSerialize: serializer(method.output),
    responseDeserialize: deserializer(method.output),
  };
}

export function serializer(schema: DescMessage): (value: Message) => Buffer {
  return (value) => Buffer.from(toBinary(schema, create(schema, value)));
}

export function deserializer(schema: DescMessage): (bytes: Buffer) => Message {
  return (bytes) => fromBinary(schema, bytes);
}
