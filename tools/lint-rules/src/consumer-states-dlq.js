// Every consumer says what happens to a message it cannot process: a dead-letter topic, or
// `deadLetter: null` to block the partition. kafkaesque checks it at boot; this says it at
// the keyboard, next to the code.
function property(objectExpression, name) {
  return objectExpression.properties.find(
    (p) => p.type === 'Property' && ((p.key.type === 'Identifier' && p.key.name === name) || (p.key.type === 'Literal' && p.key.value === name)),
  );
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'require an explicit deadLetter choice for every topic of a @KafkaConsumer' },
    messages: {
      missing: 'Topic {{topic}} of this @KafkaConsumer states no dead-letter choice: add `deadLetter: {}` (DLQ) or `deadLetter: null` (block the partition).',
    },
    schema: [],
  },
  create(context) {
    return {
      Decorator(node) {
        const call = node.expression;
        if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.callee.name !== 'KafkaConsumer') return;
        const options = call.arguments[0];
        if (!options || options.type !== 'ObjectExpression') return;
        const topics = property(options, 'topics');
        if (!topics || topics.value.type !== 'ObjectExpression') return;
        for (const topic of topics.value.properties) {
          if (topic.type !== 'Property' || topic.value.type !== 'ObjectExpression') continue;
          if (!property(topic.value, 'deadLetter')) {
            const name = context.sourceCode.getText(topic.key);
            context.report({ node: topic, messageId: 'missing', data: { topic: name } });
          }
        }
      },
    };
  },
};
