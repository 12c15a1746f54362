import { Inject, Injectable, type Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import { ExternalContextCreator } from '@nestjs/core/helpers/external-context-creator';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { DuplicateConsumerGroupError } from '../errors/duplicate-consumer-group.error';
import { HandlerOutsideConsumerError } from '../errors/handler-outside-consumer.error';
import { ScopedConsumerError } from '../errors/scoped-consumer.error';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { MessagePlugin } from '../interfaces/message-plugin.interface';
import { KAFKAESQUE_CONTEXT_TYPE } from '../kafkaesque.constants';
import { KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from '../kafkaesque.options';
import { buildConsumerDefinition, type DiscoveredHandler } from './build-consumer-definition';
import type { ConsumerDefinition } from './consumer-definition';
import { KafkaesqueMetadataAccessor } from './kafkaesque-metadata.accessor';
import { withModulePlugins } from './with-module-plugins';

type Instance = Record<string, unknown> & object;

/**
 * Walks every provider once at boot (like @nestjs/cqrs's explorer), finds @KafkaConsumer
 * classes and their handler methods, wraps each method with Nest's guards and interceptors
 * (ExternalContextCreator, as golevelup's RabbitMQ module does) and validates the whole.
 */
@Injectable()
export class KafkaesqueExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: KafkaesqueMetadataAccessor,
    private readonly externalContextCreator: ExternalContextCreator,
    @Inject(KAFKAESQUE_OPTIONS) private readonly options: KafkaesqueModuleOptions,
    private readonly moduleRef: ModuleRef,
  ) {}

  explore(): ConsumerDefinition[] {
    const byGroup = new Map<string, ConsumerDefinition>();
    for (const wrapper of this.discovery.getProviders()) {
      const definition = this.inspect(wrapper);
      if (!definition) continue;
      const existing = byGroup.get(definition.groupId);
      if (existing)
        throw new DuplicateConsumerGroupError(definition.groupId, existing.consumer, definition.consumer);
      byGroup.set(definition.groupId, definition);
    }
    return [...byGroup.values()];
  }

  private inspect(wrapper: InstanceWrapper): ConsumerDefinition | undefined {
    if (wrapper.isAlias) return undefined;
    const instance = wrapper.instance as Instance | null | undefined;
    const type = instance && typeof instance === 'object' ? instance.constructor : wrapper.metatype;
    if (typeof type !== 'function' || !type.prototype) return undefined;

    const options = this.accessor.consumerOptions(type);
    const handlerMethods = this.scanner
      .getAllMethodNames(type.prototype as object)
      .filter((name) => this.accessor.handlerMetadata((type.prototype as Instance)[name]).length > 0);
    if (!options) {
      if (handlerMethods.length > 0)
        throw new HandlerOutsideConsumerError(`${type.name}.${handlerMethods[0]}`);
      return undefined;
    }
    if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient || !instance)
      throw new ScopedConsumerError(type.name);

    const handlers: DiscoveredHandler[] = handlerMethods.map((methodName) => {
      const method = instance[methodName] as (...args: unknown[]) => unknown;
      const wrapped = this.externalContextCreator.create(
        instance,
        method,
        methodName,
        undefined,
        undefined,
        undefined,
        undefined,
        // Exception filters stay out: failures are the retry/dead-letter policy's to handle,
        // and a filter that swallowed one would commit a message that was never processed.
        { guards: true, interceptors: true, filters: false },
        KAFKAESQUE_CONTEXT_TYPE,
      );
      return {
        methodName,
        metadata: this.accessor.handlerMetadata(method),
        invoke: (message: unknown, context: MessageContext) => wrapped(message, context),
      };
    });
    return buildConsumerDefinition(
      { consumer: type.name, options: withModulePlugins(options, this.options.plugins), handlers },
      this.options.prefix,
      this.options.consumerDefaults,
      (plugin) => this.resolvePlugin(plugin),
    );
  }

  /** A plugin class's instance among the app's providers (any module). */
  private resolvePlugin(type: Type<MessagePlugin>): MessagePlugin | undefined {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      return undefined;
    }
  }
}
