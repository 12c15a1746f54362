import { assertValidName, nameForms } from './names';

describe('nameForms', () => {
  it.each(['table-reservations', 'table_reservations', 'TableReservations'])(
    'spells %s every way',
    (name) => {
      expect(nameForms(name)).toEqual({
        kebab: 'table-reservations',
        snake: 'table_reservations',
        pascal: 'TableReservations',
        camel: 'tableReservations',
        constant: 'TABLE_RESERVATIONS',
        titleKebab: 'Table-Reservations',
      });
    },
  );

  it('camel-cases topic names the way the event catalog keys them', () => {
    expect(nameForms('shop.order-events-v1').camel).toBe('shopOrderEventsV1');
  });
});

describe('assertValidName', () => {
  it.each(['bookings', 'table-reservations', 'v2_orders'])('accepts %s', (name) => {
    expect(() => assertValidName('Name', name)).not.toThrow();
  });

  it.each(['Bookings', '2fa', 'table--reservations', 'shop.orders', ''])(
    'rejects %p, saying what is allowed',
    (name) => {
      expect(() => assertValidName('Service name', name)).toThrow(
        /Service name .* lower-case letters and digits/,
      );
    },
  );
});
