import { applyRules, protoNamespaceRules, serviceNameRules } from './rename-rules';

// Synthetic names (old-shop / old_ns), so the service generator never rewrites this file.
describe('serviceNameRules', () => {
  const rename = (text: string) => applyRules(text, serviceNameRules('old-shop', 'table-reservations'));

  it('renames every spelling of the service name', () => {
    expect(
      rename(
        'apps/old-shop-web @old-shop/domain scope:old-shop old_shop_test old_shop.audit OldShopModule oldShopClient OLD_SHOP_URL Dev.Old-Shop-Outbox',
      ),
    ).toBe(
      'apps/table-reservations-web @table-reservations/domain scope:table-reservations table_reservations_test ' +
        'table_reservations.audit TableReservationsModule tableReservationsClient TABLE_RESERVATIONS_URL Dev.Table-Reservations-Outbox',
    );
  });

  it('leaves words that merely contain the name alone', () => {
    expect(rename('bold-shopper cold_shop_x GoldShop')).toBe('bold-shopper cold_shop_x GoldShop');
  });
});

describe('serviceNameRules for a one-word name', () => {
  const rename = (text: string) => applyRules(text, serviceNameRules('shop', 'table-reservations'));

  it('picks the spelling each place needs from its neighbours', () => {
    expect(
      rename(
        'apps/shop-web @shop/domain scope:shop shop_test dev_shop_outbox shop.audit_log shop.order-events-v1 ShopModule shopClient SHOP_URL',
      ),
    ).toBe(
      'apps/table-reservations-web @table-reservations/domain scope:table-reservations table_reservations_test ' +
        'dev_table_reservations_outbox table_reservations.audit_log table-reservations.order-events-v1 ' +
        'TableReservationsModule tableReservationsClient TABLE_RESERVATIONS_URL',
    );
  });
});

describe('protoNamespaceRules', () => {
  const rename = (text: string) => applyRules(text, protoNamespaceRules('old_ns', 'bookings'));

  it('renames proto folders, packages, topics and catalog keys', () => {
    expect(
      rename(
        'fresha/old_ns/protobuf/events fresha.old_ns.protobuf.kafka "old-ns.order-events-v1" dev.old-ns.order-events-v1.dlq eventCatalog.oldNsOrderEventsV1 ├── old_ns/protobuf/',
      ),
    ).toBe(
      'fresha/bookings/protobuf/events fresha.bookings.protobuf.kafka "bookings.order-events-v1" dev.bookings.order-events-v1.dlq eventCatalog.bookingsOrderEventsV1 ├── bookings/protobuf/',
    );
  });

  it('renames them inside regular expressions too', () => {
    expect(
      rename(String.raw`/is not a fresha\.old_ns.*EventEnvelope/ /of topic "old-ns\.order-events-v1"/`),
    ).toBe(String.raw`/is not a fresha\.bookings.*EventEnvelope/ /of topic "bookings\.order-events-v1"/`);
  });

  it('leaves the namespace word elsewhere (tables, file names, prose) alone', () => {
    const text = 'CREATE TABLE old_ns; old-ns.module.ts; oldNs.value; rpc/old_ns/v1';
    expect(rename(text)).toBe(text);
  });
});
