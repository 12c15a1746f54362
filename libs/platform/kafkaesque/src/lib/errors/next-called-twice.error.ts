import { NonRetriableError } from './non-retriable.error';

/** A plugin called `next` twice for one message: the handler would run twice. A bug, so never retried. */
export class NextCalledTwiceError extends NonRetriableError {
  constructor(plugin: string) {
    super(`Plugin ${plugin} called next() more than once for the same message`);
    this.name = 'NextCalledTwiceError';
  }
}
