import { topicKey } from './topic-key';

describe('topicKey', () => {
  it.each([
    ['add-ons.add-on-events-v1', 'addOnsAddOnEventsV1'],
    ['providers.provider-events-v1', 'providersProviderEventsV1'],
    ['billing_v2.invoice-events', 'billingV2InvoiceEvents'],
  ])('%s -> %s', (topic, key) => {
    expect(topicKey(topic)).toBe(key);
  });
});
