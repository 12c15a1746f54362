// The seed's testing rule: production code calls implementations directly; tests swap them
// through Nest's testing module (overrideProvider), never through an `impl()` indirection.
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid impl()-style implementation swapping in production code' },
    messages: {
      call: 'Do not call `{{name}}()` to pick an implementation: inject the dependency and swap it in tests with Test.createTestingModule().overrideProvider().',
      define: 'Do not define `{{name}}()` to pick an implementation at run time: bind the interface to a DI token instead.',
    },
    schema: [],
  },
  create(context) {
    const NAMES = new Set(['impl', 'implementation']);
    return {
      CallExpression(node) {
        const callee = node.callee;
        const name = callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
        if (name && NAMES.has(name) && node.arguments.length === 0) context.report({ node, messageId: 'call', data: { name } });
      },
      'MethodDefinition, Property'(node) {
        const name = node.key && node.key.type === 'Identifier' ? node.key.name : undefined;
        // A zero-argument `impl()` returning the implementation to use is the pattern; a
        // method that builds something from its arguments is not.
        const fn = node.value && /Function/.test(node.value.type) && node.value.params.length === 0;
        if (name && NAMES.has(name) && fn) context.report({ node, messageId: 'define', data: { name } });
      },
    };
  },
};
