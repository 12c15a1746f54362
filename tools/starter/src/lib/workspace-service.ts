import type { Tree } from '@nx/devkit';

/** Where the generators keep the workspace's service name and proto namespace. */
export const WORKSPACE_SERVICE_FILE = 'tools/starter/workspace-service.json';

export interface WorkspaceService {
  /** kebab-case service name: apps are `<name>`, `<name>-web`, ...; the domain lib is `libs/<name>/domain`. */
  readonly name: string;
  /** snake_case proto namespace: `proto/definitions/fresha/<protoNamespace>/protobuf/...`. */
  readonly protoNamespace: string;
}

export function readWorkspaceService(tree: Tree): WorkspaceService {
  const text = tree.read(WORKSPACE_SERVICE_FILE, 'utf8');
  if (text === null) throw new Error(`${WORKSPACE_SERVICE_FILE} is missing: the starter generators need it`);
  const parsed = JSON.parse(text) as Partial<WorkspaceService>;
  if (!parsed.name || !parsed.protoNamespace)
    throw new Error(
      `${WORKSPACE_SERVICE_FILE} must name the service ("name") and its proto namespace ("protoNamespace")`,
    );
  return { name: parsed.name, protoNamespace: parsed.protoNamespace };
}
