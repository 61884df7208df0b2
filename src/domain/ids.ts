const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a client-given id can be a record's id at all (a malformed one finds nothing, without a query). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
