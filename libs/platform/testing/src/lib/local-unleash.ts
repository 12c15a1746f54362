import { infraSettings } from './infra-settings';

/** The local Unleash's admin API (tokens from infra.env), for tests that create and flip flags. */
export class LocalUnleash {
  /** e.g. `http://127.0.0.1:4242` */
  readonly url: string;
  /** Where an app's FeatureFlagsModule points (`url` in its options). */
  readonly clientApiUrl: string;
  /** Reads the `development` environment of the `default` project. */
  readonly clientToken: string;
  private readonly adminToken: string;

  constructor(settings: Record<string, string> = infraSettings()) {
    this.url = `http://${settings.INFRA_HOST}:${settings.UNLEASH_PORT}`;
    this.clientApiUrl = `${this.url}/api`;
    this.clientToken = settings.UNLEASH_CLIENT_TOKEN;
    this.adminToken = settings.UNLEASH_ADMIN_TOKEN;
  }

  /** Creates a flag in the `default` project, off in every environment. */
  async createFlag(name: string, type: 'kill-switch' | 'release' | 'operational' = 'release'): Promise<void> {
    await this.admin('POST', '/api/admin/projects/default/features', { name, type });
  }

  /** Turns a flag on or off in `environment`; on with no strategy means on for everyone (Unleash adds the default one). */
  async setEnabled(name: string, enabled: boolean, environment = 'development'): Promise<void> {
    const action = enabled ? 'on' : 'off';
    await this.admin(
      'POST',
      `/api/admin/projects/default/features/${name}/environments/${environment}/${action}`,
    );
  }

  /** Archives the flag, then deletes it from the archive, so test runs leave no flags behind. */
  async deleteFlag(name: string): Promise<void> {
    await this.admin('DELETE', `/api/admin/projects/default/features/${name}`);
    await this.admin('DELETE', `/api/admin/archive/${name}`);
  }

  private async admin(method: string, path: string, body?: unknown): Promise<void> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: this.adminToken, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`Unleash ${method} ${path}: ${res.status} ${await res.text()}`);
  }
}
