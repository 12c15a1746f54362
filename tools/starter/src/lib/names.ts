/** The spellings of one name that the workspace uses, from any of them ("table-reservations", "table_reservations", "TableReservations"). */
export interface NameForms {
  /** table-reservations: apps, projects, Nx scope tags, npm scope, Kafka Connect names. */
  readonly kebab: string;
  /** table_reservations: databases, consumer groups, proto packages and folders. */
  readonly snake: string;
  /** TableReservations: classes, proto messages. */
  readonly pascal: string;
  /** tableReservations: variables, event catalog keys. */
  readonly camel: string;
  /** TABLE_RESERVATIONS: constants, environment variables. */
  readonly constant: string;
  /** Table-Reservations: the capitalised kebab form (case-insensitivity tests use it). */
  readonly titleKebab: string;
}

const NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

/** Splits "table-reservations", "table_reservations" and "TableReservations" into ["table", "reservations"]. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[-_\s.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export function nameForms(name: string): NameForms {
  const parts = words(name);
  return {
    kebab: parts.join('-'),
    snake: parts.join('_'),
    pascal: parts.map(capitalise).join(''),
    camel: parts.map((w, i) => (i === 0 ? w : capitalise(w))).join(''),
    constant: parts.join('_').toUpperCase(),
    titleKebab: parts.map(capitalise).join('-'),
  };
}

/** Rejects names that cannot be every one of the forms (a proto package, a DB name, a TS identifier...). */
export function assertValidName(what: string, name: string): void {
  if (!NAME.test(name))
    throw new Error(
      `${what} "${name}" is not usable: lower-case letters and digits, words joined by "-" or "_", starting with a letter (e.g. "bookings", "table-reservations")`,
    );
}
