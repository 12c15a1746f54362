import { nameForms } from '../../lib/names';

/** One textual rename, applied to file contents and to paths alike. */
export interface RenameRule {
  readonly pattern: RegExp;
  readonly replacement: string;
}

// Neither a letter nor a digit may touch the old name on the left, nor a lower-case
// letter or digit on the right: for "old-shop", "old-shop-web" and "OldShopModule" are
// renamed, "bold-shopper" is not.
const bounded = (text: string, after = '(?![a-z0-9])') =>
  new RegExp(`(?<![A-Za-z0-9])${text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}${after}`, 'g');

/** Every spelling of the service name: apps, projects, tags, npm scope, databases, groups, classes. */
export function serviceNameRules(from: string, to: string): RenameRule[] {
  const a = nameForms(from);
  const b = nameForms(to);
  if (a.kebab === b.kebab) return [];
  return [
    { pattern: bounded(a.kebab), replacement: b.kebab },
    { pattern: bounded(a.snake), replacement: b.snake },
    { pattern: bounded(a.pascal), replacement: b.pascal },
    { pattern: bounded(a.camel), replacement: b.camel },
    { pattern: bounded(a.constant, '(?![A-Z0-9])'), replacement: b.constant },
    { pattern: bounded(a.titleKebab), replacement: b.titleKebab },
  ];
}

/**
 * The service's proto namespace, e.g. "shop": folders and packages (`fresha/shop/`,
 * `fresha.shop.`), its topics (`shop.order-events-v1`, named `<namespace>.<name>-v<N>`) and their
 * event catalog keys (`shopOrderEventsV1`). The namespace word elsewhere (tables, prose) stays.
 */
export function protoNamespaceRules(from: string, to: string): RenameRule[] {
  const a = nameForms(from);
  const b = nameForms(to);
  if (a.snake === b.snake) return [];
  return [
    { pattern: new RegExp(`\\bfresha/${a.snake}/`, 'g'), replacement: `fresha/${b.snake}/` },
    { pattern: new RegExp(`\\bfresha\\.${a.snake}\\.`, 'g'), replacement: `fresha.${b.snake}.` },
    // proto/README.md draws the tree: `├── shop/protobuf/`.
    { pattern: bounded(`${a.snake}/protobuf/`, ''), replacement: `${b.snake}/protobuf/` },
    { pattern: bounded(`${a.kebab}.`, '(?=[a-z0-9-]+-v\\d+)'), replacement: `${b.kebab}.` },
    {
      pattern: new RegExp(`(?<![A-Za-z0-9])${a.camel}(?=[A-Z][A-Za-z0-9]*V\\d+(?![A-Za-z0-9]))`, 'g'),
      replacement: b.camel,
    },
  ];
}

export function applyRules(text: string, rules: readonly RenameRule[]): string {
  return rules.reduce((out, rule) => out.replace(rule.pattern, rule.replacement), text);
}
