import type { ReceivedSpan } from './fake-datadog-agent';
import { formatTraceTree } from './trace-tree';

const span = (id: string, parent: string, name: string, resource: string, start: bigint): ReceivedSpan =>
  ({
    trace_id: '1',
    span_id: id,
    parent_id: parent,
    name,
    resource,
    service: name.startsWith('pg') ? 'app-postgres' : 'app',
    error: 0,
    meta: {},
    metrics: {},
    start,
  }) as ReceivedSpan;

describe('formatTraceTree', () => {
  const spans = [
    span('4', '3', 'pg.query', 'SELECT 1\n  FROM dual', 30n),
    span('2', '1', 'router.middleware', 'jsonParser', 10n),
    span('1', '0', 'express.request', 'POST /graphql', 0n),
    span('3', '2', 'graphql.resolve', 'enableAddOn:AddOn!', 20n),
    span('5', '3', 'pg.query', 'COMMIT', 25n),
    span('9', '77', 'kafka.consume', 'topic add_on_enabled', 5n),
  ];

  it('nests children under parents in start order; unknown parents start at the margin', () => {
    expect(formatTraceTree(spans).split('\n')).toEqual([
      'app  express.request  POST /graphql',
      '  app  router.middleware  jsonParser',
      '    app  graphql.resolve  enableAddOn:AddOn!',
      '      app-postgres  pg.query  COMMIT',
      '      app-postgres  pg.query  SELECT 1 FROM dual',
      'app  kafka.consume  topic add_on_enabled',
    ]);
  });

  it('moves the children of omitted spans up and cuts long resources', () => {
    const tree = formatTraceTree(spans, { omit: (s) => s.name === 'router.middleware', maxResource: 8 });
    expect(tree.split('\n')).toEqual([
      'app  express.request  POST /g…',
      '  app  graphql.resolve  enableA…',
      '    app-postgres  pg.query  COMMIT',
      '    app-postgres  pg.query  SELECT …',
      'app  kafka.consume  topic a…',
    ]);
  });
});
