import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { KafkaesqueCatalog } from './discovery/kafkaesque-catalog';
import { JsonDecoder } from './decoders/json.decoder';
import { KafkaConsumer } from './decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from './decorators/on-kafka-message.decorator';
import { KafkaesqueModule } from './kafkaesque.module';
import { KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from './kafkaesque.options';

@KafkaConsumer({ groupId: 'orders', topics: { orders: { decoder: new JsonDecoder(), deadLetter: null } } })
@Injectable()
class OrdersConsumer {
  @OnKafkaMessage('orders')
  async handle(): Promise<void> {
    // discovery only
  }
}

const options = (prefix: string): KafkaesqueModuleOptions => ({
  connection: { brokers: ['127.0.0.1:9'] },
  clientId: 'module-spec',
  prefix,
  autoStart: false,
  readinessChecks: false,
});

/** A class that makes the options, as `useClass` wants it (ConfigurableModuleBuilder's `create`). */
@Injectable()
class KafkaesqueOptionsFactory {
  create(): KafkaesqueModuleOptions {
    return options('from-class');
  }
}

const PREFIX = Symbol('PREFIX');
@Module({ providers: [{ provide: PREFIX, useValue: 'from-factory' }], exports: [PREFIX] })
class PrefixModule {}

// The dynamic module is Nest's ConfigurableModuleBuilder's: forRoot, and forRootAsync with
// useFactory (inject, imports), useClass and useExisting; global, so consumers anywhere are found.
describe('KafkaesqueModule', () => {
  const boot = async (imports: Parameters<typeof Test.createTestingModule>[0]['imports']) => {
    const moduleRef = await Test.createTestingModule({ imports, providers: [OrdersConsumer] }).compile();
    await moduleRef.init();
    const [definition] = moduleRef.get(KafkaesqueCatalog).list();
    const prefix = moduleRef.get<KafkaesqueModuleOptions>(KAFKAESQUE_OPTIONS).prefix;
    await moduleRef.close();
    return { kafkaGroupId: definition.kafkaGroupId, prefix };
  };

  it('takes its options in forRoot', async () => {
    expect(await boot([KafkaesqueModule.forRoot(options('sync'))])).toEqual({
      kafkaGroupId: 'sync.orders',
      prefix: 'sync',
    });
  });

  it('takes them from a factory with injected dependencies from imported modules', async () => {
    const module = KafkaesqueModule.forRootAsync({
      imports: [PrefixModule],
      inject: [PREFIX],
      useFactory: (prefix: string) => options(prefix),
    });
    expect(await boot([module])).toEqual({ kafkaGroupId: 'from-factory.orders', prefix: 'from-factory' });
  });

  it('takes them from an options class (useClass)', async () => {
    const module = KafkaesqueModule.forRootAsync({ useClass: KafkaesqueOptionsFactory });
    expect(await boot([module])).toEqual({ kafkaGroupId: 'from-class.orders', prefix: 'from-class' });
  });
});
