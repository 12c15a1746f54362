import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { ConsumerKillSwitch, killSwitchFlagName } from '@platform/feature-flags';
import { KafkaConsumer, OnKafkaMessage, RawDecoder } from '@platform/kafkaesque';
import { eventually, LocalUnleash, type BootedApp } from '@platform/testing';
import { AppModule } from '../app.module';
import { bootConsumersApp } from './boot-consumers';

// A group of this run's own: flipping the app's real groups' switches would pause a dev
// instance reading the same local Unleash.
const GROUP = `e2e.kill-switch-${randomUUID().slice(0, 8)}`;
const FLAG = killSwitchFlagName(GROUP);

@KafkaConsumer({ groupId: GROUP, topics: { [GROUP]: { decoder: new RawDecoder(), deadLetter: {} } } })
@Injectable()
class ThrowawayConsumer {
  @OnKafkaMessage(GROUP)
  async handle(): Promise<void> {
    // nothing is produced to it: the group only has to join and leave
  }
}

@Module({ imports: [AppModule], providers: [ThrowawayConsumer] })
class AppWithThrowawayConsumer {}

type Check = { name: string; status: string; details?: { state?: string; reason?: string } };

describe('events-consumers kill switches (real Unleash, readiness over HTTP)', () => {
  const unleash = new LocalUnleash();
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootConsumersApp(AppWithThrowawayConsumer, [GROUP]);
    await unleash.createFlag(FLAG, 'kill-switch');
  }, 20 * 60_000);

  afterAll(async () => {
    await booted?.app.close();
    await unleash.deleteFlag(FLAG).catch(() => undefined);
  });

  const groupCheck = async () => {
    const { status, body } = await booted.getJson('/health/ready');
    return { status, check: (body.checks as Check[]).find((c) => c.name === `kafka-consumer:${GROUP}`) };
  };

  it('gives every consumer group a kill switch', () => {
    expect(booted.app.get(ConsumerKillSwitch).flagNames()).toEqual(
      expect.arrayContaining([
        'kill-switch.my_service.add_on_activity',
        'kill-switch.my_service.provider_events',
        FLAG,
      ]),
    );
  });

  it('stays ready while a group is paused by its switch, saying so, and the group rejoins once it is off', async () => {
    await eventually('ready', async () => ((await groupCheck()).status === 200 ? true : undefined), 60_000);

    await unleash.setEnabled(FLAG, true);
    const paused = await eventually(
      'the group paused',
      async () => {
        const r = await groupCheck();
        return r.check?.details?.state === 'paused' ? r : undefined;
      },
      15_000,
    );
    expect(paused.status).toBe(200);
    expect(paused.check).toMatchObject({ status: 'ok', details: { reason: `kill switch ${FLAG} is on` } });

    await unleash.setEnabled(FLAG, false);
    const rejoined = await eventually(
      'the group joined again',
      async () => {
        const r = await groupCheck();
        return r.check?.details?.state === 'joined' ? r : undefined;
      },
      30_000,
    );
    expect(rejoined.status).toBe(200);
  }, 90_000);
});
