import { fork } from 'node:child_process';
import { REGISTER_JS } from './bench-config';

/**
 * Runs a worker script (TypeScript, through the repo's SWC register) in a fresh Node process
 * and returns the one result it sends over IPC. A fresh process per measured run keeps JIT,
 * heap and sockets of one variant from colouring the next.
 */
export function runWorker<I, O>(
  script: string,
  input: I,
  options: { timeoutMs: number; execArgv?: string[] },
): Promise<O> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], {
      execArgv: ['-r', REGISTER_JS, ...(options.execArgv ?? [])],
      env: { ...process.env, BENCH_WORKER_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    type Answer = { ok: true; value: O } | { ok: false; error: string };
    let result: Answer | undefined;
    const timer = setTimeout(() => {
      result ??= { ok: false, error: `worker ${script} timed out after ${options.timeoutMs} ms` };
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('message', (message) => {
      result ??= message as Answer;
    });
    child.on('error', (error) => {
      result ??= { ok: false, error: error.message };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result?.ok) resolve(result.value);
      else reject(new Error(result?.error ?? `worker ${script} exited (${code ?? signal}) without a result`));
    });
  });
}

/** In a worker: the input the parent passed, and how to answer. */
export function workerInput<I>(): I {
  const raw = process.env.BENCH_WORKER_INPUT;
  if (!raw) throw new Error('BENCH_WORKER_INPUT is not set: run this file through runWorker');
  return JSON.parse(raw) as I;
}

export async function answer<O>(work: () => Promise<O>): Promise<void> {
  let message: { ok: true; value: O } | { ok: false; error: string };
  try {
    message = { ok: true, value: await work() };
  } catch (error) {
    message = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  await new Promise<void>((resolve) => process.send?.(message, () => resolve()) ?? resolve());
  // Lingering sockets (a kafkajs reconnect timer, a Redis client) must not keep the worker alive.
  process.exit(message.ok ? 0 : 1);
}
