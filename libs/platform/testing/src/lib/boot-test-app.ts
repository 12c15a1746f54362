import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';

export interface BootedApp {
  app: INestApplication;
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  getJson(path: string): Promise<{ status: number; body: any }>;
}

/** Boots a real app module on a free loopback port, the way its main.ts would, for HTTP-level tests. */
export async function bootTestApp(module: Type<unknown>): Promise<BootedApp> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    async getJson(path) {
      const res = await fetch(`${url}${path}`);
      return { status: res.status, body: await res.json() };
    },
  };
}
