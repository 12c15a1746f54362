import { Controller, Get, Module } from '@nestjs/common';
import { ConfigModule, testConfig } from '@platform/config';
import { bootstrapHttpApp } from './bootstrap-http-app';

@Controller()
class PingController {
  @Get('ping')
  ping() {
    return { pong: true };
  }
}

@Module({
  imports: [ConfigModule.forRoot({ app: 'probe', config: testConfig('probe') })],
  controllers: [PingController],
})
class ProbeModule {}

describe('bootstrapHttpApp', () => {
  it('listens on the configured port (0: any free one) and serves the module', async () => {
    const app = await bootstrapHttpApp(ProbeModule);
    try {
      const port = new URL(await app.getUrl()).port;
      const res = await fetch(`http://127.0.0.1:${port}/ping`);
      expect(await res.json()).toEqual({ pong: true });
    } finally {
      await app.close();
    }
  });
});
