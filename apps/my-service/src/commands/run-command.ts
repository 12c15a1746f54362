/**
 * Runs an operational command (migrate, provision-topics, register-connector) as a process:
 * progress on stdout, one error line naming what failed on stderr, exit 1 on failure. These are
 * what the Helm chart's Jobs run, so their output is what an operator reads in `kubectl logs`.
 */
export function runCommand(name: string, command: (log: (line: string) => void) => Promise<void>): void {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`[${name}] ${line}\n`);
  command(log)
    .then(() => log(`done in ${Date.now() - started} ms`))
    .catch((error: unknown) => {
      process.stderr.write(`[${name}] FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
