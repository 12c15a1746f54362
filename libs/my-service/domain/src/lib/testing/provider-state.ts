import type { DataSource } from 'typeorm';

/**
 * For tests of the apps: what a provider's add-ons and outbox rows look like in the database,
 * to check that a request changed exactly what it should (or nothing).
 */
export async function providerState(db: DataSource, providerId: string) {
  const addOns: Array<{ code: string; enabled: boolean; changed_by: string }> = await db.query(
    'SELECT code, enabled, changed_by FROM add_ons WHERE provider_id = $1 ORDER BY code',
    [providerId],
  );
  const events: Array<{ event_type: string }> = await db.query(
    'SELECT event_type FROM outbox_events WHERE partition_key = $1 ORDER BY "timestamp"',
    [providerId],
  );
  return { addOns, events: events.map((e) => e.event_type) };
}
