import { nameForms, type NameForms } from '../../lib/names';

/** One textual rename, applied to file contents and to paths alike. */
export interface RenameRule {
  readonly pattern: RegExp;
  readonly replacement: string | ((match: string, offset: number, text: string) => string);
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
  if (a.kebab === a.snake) {
    // A one-word name is its own kebab, snake and camel form: its neighbours tell which was meant.
    return [
      {
        pattern: bounded(a.kebab),
        replacement: (match, offset, text) => lowerCaseFormAt(text, offset, match.length, b),
      },
      { pattern: bounded(a.pascal), replacement: b.pascal },
      { pattern: bounded(a.constant, '(?![A-Z0-9])'), replacement: b.constant },
    ];
  }
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
 * `shop_dev`, `dev_shop_outbox` and `shop.order_activity` (a consumer group) are snake_case,
 * `shopClient` camelCase, anything else (`apps/shop-web`, `shop.order-events-v1`) kebab-case.
 */
function lowerCaseFormAt(text: string, offset: number, length: number, to: NameForms): string {
  const before = text[offset - 1] ?? '';
  const after = text[offset + length] ?? '';
  if (before === '_' || after === '_') return to.snake;
  if (/[A-Z]/.test(after)) return to.camel;
  if (after === '.' && /^[a-z0-9]*_/.test(text.slice(offset + length + 1))) return to.snake;
  return to.kebab;
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
    // The same inside regular expressions in tests: /fresha\.shop.*Envelope/, /"shop\.order-events-v1"/.
    { pattern: bounded(`fresha\\.${a.snake}`, '(?![a-z0-9_])'), replacement: `fresha\\.${b.snake}` },
    { pattern: bounded(`${a.kebab}\\.`, '(?=[a-z0-9-]+-v\\d+)'), replacement: `${b.kebab}\\.` },
    {
      pattern: new RegExp(`(?<![A-Za-z0-9])${a.camel}(?=[A-Z][A-Za-z0-9]*V\\d+(?![A-Za-z0-9]))`, 'g'),
      replacement: b.camel,
    },
  ];
}

export function applyRules(text: string, rules: readonly RenameRule[]): string {
  // Two identical-looking calls: String.replace has one overload for a string and one for a
  // function, and TypeScript accepts neither for the union.
  return rules.reduce(
    (out, rule) =>
      typeof rule.replacement === 'string'
        ? out.replace(rule.pattern, rule.replacement)
        : out.replace(rule.pattern, rule.replacement),
    text,
  );
}
