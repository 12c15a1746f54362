import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Runs a fixture script in a plain Node process (TypeScript through the workspace's SWC
 * register hook) and returns the object it printed on its `RESULT ` line.
 */
export async function runFixture<T>(fixture: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<T> {
  const root = workspaceRoot(__dirname);
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['-r', join(root, 'tools/testing/register.js'), fixture],
      { cwd: root, env, timeout: timeoutMs },
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
    ),
  );
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`fixture printed no RESULT line:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as T;
}

/** For a traced child: quick flushes, the v0.4 intake, and no telemetry or remote-config chatter. */
export const TRACER_TEST_ENV = {
  DD_TRACE_FLUSH_INTERVAL: '20',
  DD_TRACE_AGENT_PROTOCOL_VERSION: '0.4',
  DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
  DD_REMOTE_CONFIGURATION_ENABLED: 'false',
  DD_AGENT_HOST: '127.0.0.1',
} as const;

/** The child's environment: ours, minus what would make dd-trace or config think they run under Jest. */
export function fixtureEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  for (const name of ['JEST_WORKER_ID', 'NODE_ENV', 'APP_ENV', 'DD_TRACE_ENABLED', 'DD_SERVICE', 'DD_ENV']) {
    if (!(name in overrides)) delete env[name];
  }
  return env;
}

function workspaceRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${from}`);
    dir = parent;
  }
  return dir;
}
