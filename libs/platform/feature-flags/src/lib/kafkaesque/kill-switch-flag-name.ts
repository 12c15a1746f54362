/**
 * The flag that pauses consumer group `groupId` (its declared name, without the Kafka prefix:
 * the Unleash environment already tells staging from production) while it is on.
 */
export function killSwitchFlagName(groupId: string): string {
  return `kill-switch.${groupId}`;
}
