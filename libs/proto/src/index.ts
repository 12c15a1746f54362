// The contracts' public surface. Envelopes (all named EventEnvelope) are reached through
// eventCatalog and EnvelopeOf<>, never imported by path; every other generated file is
// listed here (index.spec.ts fails when one is missing).
export { eventCatalog } from './generated/event-catalog';
export * from './event-catalog';

// Kafka options (topic, partition_key), for code that reads them off descriptors.
export * as kafkaOptions from './generated/fresha/kafka/v1/options_pb';

// add-ons: events, commands, gRPC.
export * from './generated/fresha/add_ons/protobuf/events/add_on_enabled/v1/add_on_enabled_pb';
export * from './generated/fresha/add_ons/protobuf/events/add_on_disabled/v1/add_on_disabled_pb';
export * from './generated/fresha/add_ons/protobuf/commands/enable_add_on/v1/enable_add_on_pb';
export * from './generated/fresha/add_ons/protobuf/rpc/add_ons/v1/add_on_pb';
export * from './generated/fresha/add_ons/protobuf/rpc/add_ons/v1/add_ons_service_pb';

// providers: events we consume.
export * from './generated/fresha/providers/protobuf/events/provider_deactivated/v1/provider_deactivated_pb';
