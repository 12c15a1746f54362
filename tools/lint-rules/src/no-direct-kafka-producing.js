// Domain events leave only through the transactional outbox: a direct Kafka producer in domain
// code would publish events for transactions that may still roll back, or lose them.
const FORBIDDEN_MODULES = ['kafkajs', '@platform/kafkaesque'];

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid Kafka producers in domain code; events go through the outbox' },
    messages: {
      import: 'Domain code must not import {{source}}: write events with OutboxWriter in the same transaction.',
    },
    schema: [],
  },
  create(context) {
    return {
      ImportDeclaration(node) {
        const source = node.source.value;
        if (FORBIDDEN_MODULES.some((m) => source === m || source.startsWith(`${m}/`))) {
          context.report({ node, messageId: 'import', data: { source } });
        }
      },
    };
  },
};
