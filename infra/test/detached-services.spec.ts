import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInfra, infraStateDir, workspaceRoot } from '@platform/testing';

/** The services infra/local started, by pid file: name and pid. */
function startedServices(): Array<{ name: string; pid: number }> {
  const dir = join(infraStateDir(), 'pids');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.pid'))
    .map((file) => ({
      name: file.replace(/\.pid$/, ''),
      pid: Number(readFileSync(join(dir, file), 'utf8').trim()),
    }))
    .filter(({ pid }) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
}

// A service started by the scripts of one checkout (the starter's scratch copy starts Kafka
// Connect again in its tests) must not depend on that checkout's folder, which may be deleted
// while the service keeps running for everyone else: it runs in the state dir and reads its
// configuration from there.
describe('services started by infra/local', () => {
  beforeAll(() => ensureInfra(['kafka', 'connect', 'unleash']), 10 * 60_000);

  it('run in the state dir and read nothing from the scripts folder of the checkout', () => {
    const services = startedServices();
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(['kafka', 'connect', 'unleash']));
    const scripts = join(workspaceRoot(), 'infra', 'local');
    for (const { name, pid } of services) {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      // The state dir itself, or a service's own dir in it (Redis and Postgres change into theirs).
      expect({ name, inStateDir: cwd === infraStateDir() || cwd.startsWith(`${infraStateDir()}/`) }).toEqual({
        name,
        inStateDir: true,
      });
      expect({ name, readsScripts: cmdline.includes(scripts) }).toEqual({ name, readsScripts: false });
    }
  });
});
