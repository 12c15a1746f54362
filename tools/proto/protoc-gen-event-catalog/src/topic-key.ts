/**
 * The catalog's property name for a topic: "add-ons.add-on-events-v1" -> "addOnsAddOnEventsV1".
 * camelCase keeps `eventCatalog.addOnsAddOnEventsV1` a plain property access.
 */
export function topicKey(topic: string): string {
  const words = topic.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words
    .map((word, i) => (i === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase()))
    .join('');
}
