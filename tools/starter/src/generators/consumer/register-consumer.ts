import type { Tree } from '@nx/devkit';

/** Imports the consumer class in the app module and appends it to the module's `providers`. */
export function registerConsumer(
  tree: Tree,
  modulePath: string,
  className: string,
  importPath: string,
): void {
  const text = read(tree, modulePath);
  const providers = /providers:\s*\[([^\]]*)\]/.exec(text);
  if (!providers)
    throw new Error(`${modulePath}: no \`providers: [...]\` in the @Module to add ${className} to`);
  const listed = providers[1].trim().replace(/,\s*$/, '');
  const withProvider = text.replace(providers[0], `providers: [${listed ? `${listed}, ` : ''}${className}]`);
  const importLine = `import { ${className} } from '${importPath}';`;
  const lastImport = [...withProvider.matchAll(/^import [^;]+;$/gm)].at(-1);
  const at = lastImport ? (lastImport.index ?? 0) + lastImport[0].length : 0;
  tree.write(modulePath, `${withProvider.slice(0, at)}\n${importLine}${withProvider.slice(at)}`);
}

/**
 * Adds the group's readiness check to the app's health test, whose list is exact: checks are
 * registered per consumer in provider order, so it goes after the last `kafka-consumer:` one.
 */
export function expectReadinessCheck(tree: Tree, specPath: string, check: string): void {
  if (!tree.exists(specPath)) return;
  const text = read(tree, specPath);
  const lastCheck = [...text.matchAll(/^(\s*)'kafka-consumer:[^']+',$/gm)].at(-1);
  if (!lastCheck)
    throw new Error(`${specPath}: no 'kafka-consumer:...' readiness entry to add '${check}' after`);
  const at = (lastCheck.index ?? 0) + lastCheck[0].length;
  tree.write(specPath, `${text.slice(0, at)}\n${lastCheck[1]}'${check}',${text.slice(at)}`);
}

function read(tree: Tree, path: string): string {
  const text = tree.read(path, 'utf8');
  if (text === null) throw new Error(`${path} is missing`);
  return text;
}

/** Lists the group's kill switch (off) in the local flags file, so dev and test know it and Unleash admins see its name. */
export function listKillSwitch(tree: Tree, flagsPath: string, groupId: string, description: string): void {
  if (!tree.exists(flagsPath)) return;
  const flags = JSON.parse(read(tree, flagsPath)) as {
    features?: Array<{ name: string } & Record<string, unknown>>;
  };
  const name = `kill-switch.${groupId}`;
  const features = flags.features ?? [];
  if (features.some((f) => f.name === name)) return;
  features.push({ name, type: 'kill-switch', description, enabled: false, strategies: [] });
  tree.write(flagsPath, `${JSON.stringify({ ...flags, features }, null, 2)}\n`);
}
