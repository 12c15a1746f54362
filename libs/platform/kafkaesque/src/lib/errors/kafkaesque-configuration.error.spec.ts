import { DeadLetterPublishError } from './dead-letter-publish.error';
import { DecodeError } from './decode.error';
import { DuplicateConsumerGroupError } from './duplicate-consumer-group.error';
import { DuplicateHandlerError } from './duplicate-handler.error';
import { EventTypesUnsupportedError } from './event-types-unsupported.error';
import { HandlerOutsideConsumerError } from './handler-outside-consumer.error';
import { InvalidConsumerOptionsError } from './invalid-consumer-options.error';
import { InvalidDecoderOptionsError } from './invalid-decoder-options.error';
import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';
import { MissingDeadLetterChoiceError } from './missing-dead-letter-choice.error';
import { MissingDeadLetterTopicError } from './missing-dead-letter-topic.error';
import { MissingDecoderError } from './missing-decoder.error';
import { NextCalledTwiceError } from './next-called-twice.error';
import { ScopedConsumerError } from './scoped-consumer.error';
import { TopicWithoutHandlerError } from './topic-without-handler.error';
import { TopicsFileError } from './topics-file.error';
import { UndeclaredTopicError } from './undeclared-topic.error';
import { UnknownConsumerGroupError } from './unknown-consumer-group.error';
import { UnknownEventTypeError } from './unknown-event-type.error';
import { UnreplayableDeadLetterError } from './unreplayable-dead-letter.error';
import { UnresolvedPluginError } from './unresolved-plugin.error';

describe('KafkaesqueConfigurationError', () => {
  it.each([
    DuplicateConsumerGroupError,
    DuplicateHandlerError,
    EventTypesUnsupportedError,
    HandlerOutsideConsumerError,
    InvalidConsumerOptionsError,
    InvalidDecoderOptionsError,
    MissingDeadLetterChoiceError,
    MissingDecoderError,
    ScopedConsumerError,
    TopicWithoutHandlerError,
    TopicsFileError,
    UndeclaredTopicError,
    UnknownEventTypeError,
    UnresolvedPluginError,
  ])('is the base of %p, found at boot', (ErrorClass) => {
    expect(ErrorClass.prototype).toBeInstanceOf(KafkaesqueConfigurationError);
  });

  it.each([
    DeadLetterPublishError,
    DecodeError,
    MissingDeadLetterTopicError,
    NextCalledTwiceError,
    UnknownConsumerGroupError,
    UnreplayableDeadLetterError,
  ])('is not the base of %p, a failure at run time', (ErrorClass) => {
    expect(ErrorClass.prototype).not.toBeInstanceOf(KafkaesqueConfigurationError);
  });

  it('is what a misconfigured consumer throws, with its own name and message', () => {
    const error = new UndeclaredTopicError('Handler.handle', 'orders', 'g', ['payments']);
    expect(error).toBeInstanceOf(KafkaesqueConfigurationError);
    expect(error.name).toBe('UndeclaredTopicError');
    expect(error.message).toContain('handles topic "orders"');
  });
});
