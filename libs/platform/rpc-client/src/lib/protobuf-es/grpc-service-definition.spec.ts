import { create } from '@bufbuild/protobuf';
import { AddOnsService, EnableAddOnRequestSchema, GetAddOnResponseSchema } from '@proto/contracts';
import { toGrpcServiceDefinition } from './grpc-service-definition';
import { fileDescriptorProtos } from './file-descriptor-protos';
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';

describe('toGrpcServiceDefinition', () => {
  const definition = toGrpcServiceDefinition(AddOnsService);

  it('has one unary method per rpc, under its local name, with the wire path', () => {
    expect(Object.keys(definition)).toEqual(['listAddOns', 'getAddOn', 'enableAddOn', 'disableAddOn']);
    expect(definition.enableAddOn).toMatchObject({
      path: '/fresha.add_ons.protobuf.rpc.add_ons.v1.AddOnsService/EnableAddOn',
      originalName: 'EnableAddOn',
      requestStream: false,
      responseStream: false,
    });
  });

  it('serializes messages and plain initializers alike, and decodes to messages', () => {
    const init = { providerId: 'p', addOnCode: 'online_payments', actorId: 'a' };
    const fromInit = definition.enableAddOn.requestSerialize(init);
    const fromMessage = definition.enableAddOn.requestSerialize(create(EnableAddOnRequestSchema, init));
    expect(fromInit).toEqual(fromMessage);
    expect(definition.enableAddOn.requestDeserialize(fromInit)).toEqual(
      create(EnableAddOnRequestSchema, init),
    );
    const response = definition.getAddOn.responseDeserialize(
      definition.getAddOn.responseSerialize({ addOn: { code: 'smart_pricing', enabled: true } }),
    );
    expect(response).toEqual(
      create(GetAddOnResponseSchema, { addOn: { code: 'smart_pricing', enabled: true } }),
    );
  });
});

describe('fileDescriptorProtos', () => {
  it('lists the service file and its imports once each, dependencies first', () => {
    const names = fileDescriptorProtos([AddOnsService, AddOnsService]).map(
      (bytes) => fromBinary(FileDescriptorProtoSchema, bytes).name,
    );
    expect(names).toEqual([
      'google/protobuf/timestamp.proto',
      'fresha/add_ons/protobuf/rpc/add_ons/v1/add_on.proto',
      'fresha/add_ons/protobuf/rpc/add_ons/v1/add_ons_service.proto',
    ]);
  });
});
