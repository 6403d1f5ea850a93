/** Host and port (and, unless told otherwise, database) of a PostgreSQL URL, never its credentials. */
export function describeDatabaseUrl(url: string, { withDatabase = true } = {}): string {
  try {
    const parsed = new URL(url);
    const database = withDatabase && parsed.pathname !== "/" ? parsed.pathname : "";
    return `${parsed.hostname}:${parsed.port || "5432"}${database}`;
  } catch {
    return "the configured database";
  }
}
