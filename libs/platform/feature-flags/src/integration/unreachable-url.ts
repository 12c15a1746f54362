import { createServer } from 'node:net';

/** An Unleash URL where nothing listens: a port the OS just handed out, closed again. */
export async function unreachableUnleashUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/api`;
}
