const UNREACHABLE_CODES = new Set([
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "57P01",
  "57P03",
]);

/** Whether an error means "the database did not answer" (an outage), not "the query was wrong". */
export function isStoreUnreachable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  if ("code" in error && UNREACHABLE_CODES.has(String(error.code))) return true;
  const message = error instanceof Error ? error.message : "";
  return /Can't reach database server|DatabaseNotReachable|Connection terminated|ECONNREFUSED/.test(message);
}
