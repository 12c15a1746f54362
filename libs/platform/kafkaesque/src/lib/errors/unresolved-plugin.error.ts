import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** A plugin given as a class that is not a provider of the app. */
export class UnresolvedPluginError extends KafkaesqueConfigurationError {
  constructor(consumer: string, topic: string, plugin: string) {
    super(
      `${consumer}: plugin ${plugin} of topic "${topic}" is a class that is not a provider of the app; ` +
        `add it to a module's providers (or import the module that provides it)`,
    );
    this.name = 'UnresolvedPluginError';
  }
}
