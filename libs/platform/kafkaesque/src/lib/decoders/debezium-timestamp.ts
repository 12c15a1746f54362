/**
 * kafkaesque's TimestampHelper: the unit of a Unix timestamp is guessed from its digit count
 * (>= 16 digits: microseconds, >= 13: milliseconds, else seconds), which holds for every
 * date between 2001 and the year 33658. Debezium sends a Postgres TIMESTAMP in microseconds.
 * A Date keeps milliseconds: microseconds are truncated.
 */
export function debeziumTimestampToDate(unixTimestamp: number): Date {
  const digits = String(Math.trunc(Math.abs(unixTimestamp))).length;
  if (digits >= 16) return new Date(Math.floor(unixTimestamp / 1000));
  if (digits >= 13) return new Date(unixTimestamp);
  return new Date(unixTimestamp * 1000);
}
