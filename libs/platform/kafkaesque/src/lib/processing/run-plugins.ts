import { NextCalledTwiceError } from '../errors/next-called-twice.error';
import type { HandlerBinding } from '../discovery/consumer-definition';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { MessagePlugin } from '../interfaces/message-plugin.interface';

/**
 * Runs the plugins in order, then the handler. Resolves to whether the handler ran (false
 * when a plugin short-circuited); rejects with whatever a plugin or the handler threw.
 */
export async function runPluginsAndHandler(
  plugins: readonly MessagePlugin[],
  handler: HandlerBinding,
  message: unknown,
  context: MessageContext,
): Promise<boolean> {
  let handlerInvoked = false;

  const dispatch = async (index: number, current: unknown): Promise<void> => {
    if (index === plugins.length) {
      handlerInvoked = true;
      await handler.invoke(current, context);
      return;
    }
    const plugin = plugins[index];
    let downstream: Promise<void> | undefined;
    const next = (...args: unknown[]): Promise<void> => {
      if (downstream) return Promise.reject(new NextCalledTwiceError(pluginName(plugin)));
      downstream = dispatch(index + 1, args.length > 0 ? args[0] : current);
      return downstream;
    };
    await plugin.handle(current, context, next);
    // A plugin that called next without awaiting it must not let the message count as done
    // while the handler still runs; an error it chose to catch stays caught.
    if (downstream) await downstream.catch(() => undefined);
  };

  await dispatch(0, message);
  return handlerInvoked;
}

function pluginName(plugin: MessagePlugin): string {
  return plugin.name ?? plugin.constructor.name;
}
