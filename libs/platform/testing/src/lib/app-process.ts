import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { eventually } from './eventually';
import { workspaceRoot } from './workspace-root';

const run = promisify(execFile);

/** A free loopback TCP port (closed again, so a child process can bind it). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs a TypeScript entry point of the repository from source (`node -r tools/testing/register.js
 * <file>`), as the apps' Nx targets do, with exactly `env` (plus PATH). Never throws for a
 * non-zero exit: the code and both outputs are the result.
 */
export async function runScript(
  file: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['-r', './tools/testing/register.js', file], {
      cwd: workspaceRoot(),
      env: { PATH: process.env.PATH, ...env },
      timeout: timeoutMs,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export interface AppProcess {
  readonly app: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** GET /health/ready: status and checks. */
  ready(): Promise<{
    status: number;
    checks: Array<{ name: string; status: string; reason?: string; details?: Record<string, unknown> }>;
  }>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts an app from source as its own process (as `nx serve` would, or a pod with `env`), on a
 * free port, and resolves once `/health/live` answers 200; fails with its output if it exits.
 */
export async function startAppProcess(app: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', './tools/testing/register.js', `apps/${app}/src/main.ts`], {
    cwd: workspaceRoot(),
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (d) => chunks.push(String(d)));
  child.stderr?.on('data', (d) => chunks.push(String(d)));
  const output = () => chunks.join('');
  await eventually(
    `${app} live on :${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${app} exited (${child.exitCode}): ${output()}`);
      const res = await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    },
    60_000,
    250,
  );
  return {
    app,
    port,
    child,
    output,
    async ready() {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      const body = (await res.json()) as { checks: Awaited<ReturnType<AppProcess['ready']>>['checks'] };
      return { status: res.status, checks: body.checks };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
