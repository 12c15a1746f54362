import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JsonDecoder, KafkaConsumer, KafkaesqueModule, OnKafkaMessage } from '@platform/kafkaesque';
import { KafkaesqueTestHarness } from '@platform/kafkaesque/testing';
import { ensureInfra, eventually, LocalUnleash } from '@platform/testing';
import { FeatureFlagsModule } from '../lib/feature-flags.module';
import { FeatureFlags } from '../lib/feature-flags.service';
import { unreachableUnleashUrl } from './unreachable-url';
import { writeBootstrapFile } from './write-bootstrap-file';

const FLAG = `flags-it-${randomUUID().slice(0, 8)}.new-pricing`;

/** A handler that reads a flag per message, for the provider the message is about. */
@KafkaConsumer({
  groupId: 'flags-it.orders',
  topics: { orders: { decoder: new JsonDecoder(), deadLetter: null } },
})
@Injectable()
class OrdersConsumer {
  constructor(private readonly flags: FeatureFlags) {}

  readonly priced: Array<{ orderId: string; newPricing: boolean }> = [];

  @OnKafkaMessage('orders')
  async handle(order: { orderId: string; providerId: string }): Promise<void> {
    this.priced.push({
      orderId: order.orderId,
      newPricing: this.flags.isEnabled(FLAG, { userId: order.providerId }),
    });
  }
}

// The bootstrap file turns the flag on for provider p-beta only.
const bootstrapFile = writeBootstrapFile([
  {
    name: FLAG,
    enabled: true,
    strategies: [{ name: 'userWithId', parameters: { userIds: 'p-beta' }, constraints: [] }],
  },
]);

async function bootHandlers(
  url: string,
  apiToken: string,
  withBootstrapFile = true,
): Promise<KafkaesqueTestHarness> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      KafkaesqueModule.forTesting(),
      FeatureFlagsModule.forRoot({
        url,
        apiToken,
        appName: 'feature-flags-it',
        refreshIntervalMs: 1_000,
        bootstrapFile: withBootstrapFile ? bootstrapFile : undefined,
        startTimeoutMs: withBootstrapFile ? 5_000 : 1_000,
      }),
    ],
    providers: [OrdersConsumer],
  })
    .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
    .compile();
  return KafkaesqueTestHarness.create(moduleRef);
}

async function price(harness: KafkaesqueTestHarness, providerId: string): Promise<boolean> {
  const orderId = randomUUID();
  const result = await harness.pushRaw('orders', { value: JSON.stringify({ orderId, providerId }) });
  expect(result.status).toBe('handled');
  const priced = harness.app.get(OrdersConsumer).priced.find((p) => p.orderId === orderId);
  if (!priced) throw new Error(`order ${orderId} was not priced`);
  return priced.newPricing;
}

describe('a flag read in a message handler', () => {
  it('comes from the bootstrap file, strategy included, when Unleash cannot be reached', async () => {
    const harness = await bootHandlers(await unreachableUnleashUrl(), 'default:development.any');
    try {
      expect(await price(harness, 'p-beta')).toBe(true);
      expect(await price(harness, 'p-other')).toBe(false);
    } finally {
      await harness.close();
    }
  });

  describe('with the local Unleash running', () => {
    const unleash = new LocalUnleash();

    beforeAll(async () => {
      await ensureInfra(['unleash']);
      await unleash.createFlag(FLAG); // created off in every environment
    }, 10 * 60_000);

    afterAll(() => unleash.deleteFlag(FLAG));

    it('comes from the bootstrap file when Unleash rejects the token, and the boot goes on', async () => {
      const harness = await bootHandlers(unleash.clientApiUrl, 'default:development.not-a-token');
      try {
        expect(await price(harness, 'p-beta')).toBe(true);
        expect(await price(harness, 'p-other')).toBe(false);
      } finally {
        await harness.close();
      }
    });

    it('is off when Unleash rejects the token and there is no bootstrap file, and the boot goes on', async () => {
      const harness = await bootHandlers(unleash.clientApiUrl, 'default:development.not-a-token', false);
      try {
        expect(await price(harness, 'p-beta')).toBe(false);
      } finally {
        await harness.close();
      }
    });

    it('comes from the server, whose flag overrides the file’s, and follows it when it is flipped', async () => {
      const harness = await bootHandlers(unleash.clientApiUrl, unleash.clientToken);
      try {
        expect(await price(harness, 'p-beta')).toBe(false);

        await unleash.setEnabled(FLAG, true); // on with Unleash's default strategy: for everyone
        await eventually(
          'the flipped flag in the handler',
          async () => ((await price(harness, 'p-other')) ? true : undefined),
          10_000,
        );
        expect(await price(harness, 'p-beta')).toBe(true);
      } finally {
        await harness.close();
      }
    });
  });
});
