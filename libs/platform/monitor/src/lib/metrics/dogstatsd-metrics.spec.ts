import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { DogStatsdMetrics } from './dogstatsd-metrics';

/** A stand-in for the agent's DogStatsD listener: collects the UDP packets' lines. */
async function listen(): Promise<{ socket: Socket; port: number; lines: string[] }> {
  const socket = createSocket('udp4');
  const lines: string[] = [];
  socket.on('message', (packet) => lines.push(...packet.toString().split('\n').filter(Boolean)));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: (socket.address() as AddressInfo).port, lines };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('DogStatsdMetrics', () => {
  it('sends increments, histograms and gauges with prefix, global tags and tags', async () => {
    const { socket, port, lines } = await listen();
    const metrics = new DogStatsdMetrics({
      host: '127.0.0.1',
      port,
      prefix: 'kafkaesque.',
      globalTags: { service: 'consumers', env: 'test' },
    });
    try {
      metrics.increment('messages.handled', 1, { topic: 'dev.add-ons', partition: 3 });
      metrics.histogram('handler.duration_ms', 12.5, { topic: 'dev.add-ons', outcome: 'ok' });
      metrics.gauge('consumer.lag', 7);
      await until(() => lines.length >= 3);
    } finally {
      await metrics.close();
      socket.close();
    }
    // Global tags come first, then the call's; env-derived DD_* tags may be appended by hot-shots.
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^kafkaesque\.messages\.handled:1\|c\|#service:consumers,env:test,topic:dev\.add-ons,partition:3/,
        ),
        expect.stringMatching(
          /^kafkaesque\.handler\.duration_ms:12\.5\|h\|#service:consumers,env:test,topic:dev\.add-ons,outcome:ok/,
        ),
        expect.stringMatching(/^kafkaesque\.consumer\.lag:7\|g\|#service:consumers,env:test/),
      ]),
    );
  });

  it('does not fail when nothing listens', async () => {
    const { socket, port } = await listen();
    socket.close(); // the port is now closed: the agent is not running
    const errors: Error[] = [];
    const metrics = new DogStatsdMetrics({ host: '127.0.0.1', port, onError: (error) => errors.push(error) });
    for (let i = 0; i < 5; i++) metrics.increment('messages.handled');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(metrics.close()).resolves.toBeUndefined();
    expect(errors).toEqual([]);
  });
});
