import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';

/** A TypeScript entry point running in its own Node process, where dd-trace is real (not Jest's no-op). */
export interface TracedProcess {
  readonly pid: number;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves with the match once a line of its output matches; rejects if it exits first or after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM (graceful shutdown), then SIGKILL if it is still running after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const KEPT_LINES = 300;
const running = new Set<ChildProcess>();
// Best effort for a test runner that exits without running afterAll: leave no app behind.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/**
 * Starts `node -r tools/testing/register.js <entry>` from the workspace root, the way an app's
 * `serve` target does, with `env` as its whole environment (see `fixtureEnv`). Unlike
 * `runFixture` it does not wait for the process to end: for apps that serve until stopped.
 */
export function startTracedProcess(entry: string, env: NodeJS.ProcessEnv): TracedProcess {
  const root = workspaceRoot();
  const child = spawn(process.execPath, ['-r', join(root, 'tools/testing/register.js'), entry], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let exit: string | undefined;
  const exitListeners = new Set<() => void>();

  const onData = (stream: NodeJS.ReadableStream) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > KEPT_LINES) lines.shift();
        listeners.forEach((listener) => listener(line));
      }
    });
  };
  onData(child.stdout);
  onData(child.stderr);
  child.once('exit', (code, signal) => {
    running.delete(child);
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
    exitListeners.forEach((listener) => listener());
  });

  const output = () => lines.join('\n');

  return {
    pid: child.pid ?? -1,
    output,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(onLine);
          exitListeners.delete(onExit);
        };
        const onLine = (line: string) => {
          const match = pattern.exec(line);
          if (match) {
            done();
            resolve(match);
          }
        };
        const onExit = () => {
          done();
          reject(new Error(`${entry} ended (${exit}) before printing ${pattern}:\n${output()}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`${entry} printed no line matching ${pattern} within ${timeoutMs} ms:\n${output()}`),
          );
        }, timeoutMs);
        for (const line of lines) {
          const match = pattern.exec(line);
          if (match) {
            done();
            resolve(match);
            return;
          }
        }
        if (exit) return onExit();
        listeners.add(onLine);
        exitListeners.add(onExit);
      });
    },
    async stop(graceMs = 10_000) {
      if (exit) return;
      const ended = new Promise<void>((resolve) => exitListeners.add(resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await ended;
      clearTimeout(timer);
    },
  };
}
