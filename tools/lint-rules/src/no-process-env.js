// Configuration is read in one place (libs/platform/config), typed and validated at boot, so
// that a missing variable fails the boot with its name instead of surfacing at first use.
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid process.env outside the config lib' },
    messages: {
      env: 'Read configuration through @platform/config (loadConfig / fetchEnv / currentEnv), not process.env.',
    },
    schema: [],
  },
  create(context) {
    return {
      MemberExpression(node) {
        const object = node.object;
        const property = node.property;
        const isProcess = object.type === 'Identifier' && object.name === 'process';
        const isEnv = !node.computed ? property.name === 'env' : property.type === 'Literal' && property.value === 'env';
        if (isProcess && isEnv) context.report({ node, messageId: 'env' });
      },
    };
  },
};
