import type { ReceivedSpan } from './fake-datadog-agent';

export interface TraceTreeOptions {
  /** Spans to leave out (their children move up to the nearest shown ancestor). */
  omit?: (span: ReceivedSpan) => boolean;
  /** Resources longer than this are cut, with an ellipsis. Default 70. */
  maxResource?: number;
}

/**
 * One trace as an indented tree, one line per span: `service  name  resource` (whitespace in
 * the resource collapsed, so multi-line SQL stays on one line), children under their parent in
 * start order. Spans whose parent is not among `spans` (the root, or a span
 * continued from a trace the agent did not receive) start at the left margin.
 */
export function formatTraceTree(spans: readonly ReceivedSpan[], options: TraceTreeOptions = {}): string {
  const maxResource = options.maxResource ?? 70;
  const byId = new Map(spans.map((span) => [span.span_id, span]));
  const shown = spans.filter((span) => !options.omit?.(span));
  const shownParent = (span: ReceivedSpan): string | undefined => {
    let parent = byId.get(span.parent_id);
    while (parent && options.omit?.(parent)) parent = byId.get(parent.parent_id);
    return parent?.span_id;
  };
  const children = new Map<string | undefined, ReceivedSpan[]>();
  for (const span of shown) {
    const parent = shownParent(span);
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  // `start` (nanoseconds) is in the payload though not in ReceivedSpan; msgpack gives a bigint.
  const start = (span: ReceivedSpan) => BigInt((span as unknown as { start?: bigint | number }).start ?? 0);
  const byStart = (a: ReceivedSpan, b: ReceivedSpan) =>
    start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0;
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const span of [...(children.get(parent) ?? [])].sort(byStart)) {
      const flat = span.resource.replace(/\s+/g, ' ').trim();
      const resource = flat.length > maxResource ? `${flat.slice(0, maxResource - 1)}…` : flat;
      lines.push(
        `${'  '.repeat(depth)}${span.service}  ${span.name}  ${resource}${span.error ? '  [error]' : ''}`,
      );
      walk(span.span_id, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}
