// No "server-only": the results schema that the browser tests load names these stages too.
import type { SessionReadPath } from "@/lib/auth/mode";

/** The stages a session read is split into, in the order a stacked bar shows them. */
export const READ_STAGES = [
  "config",
  "cookie",
  "keys",
  "decrypt",
  "query",
  "database",
  "mapping",
  "callbacks",
  "reissue",
  "other",
] as const;
export type ReadStageName = (typeof READ_STAGES)[number];

/** What each stage is, on each path; Auth.js does some of them inside one call, which the label says. */
export const READ_STAGE_LABELS: Record<ReadStageName, Record<SessionReadPath, string>> = {
  config: { authjs: "Config and adapter, built per request", lean: "Config" },
  cookie: { authjs: "Cookie parse", lean: "Cookie parse" },
  keys: { authjs: "Key derivation", lean: "Key lookup (derived once)" },
  decrypt: { authjs: "Key derivation (HKDF) and decrypt, in Auth.js's decode", lean: "Decrypt and verify" },
  query: { authjs: "Query build", lean: "Token hash and query build" },
  database: { authjs: "Database calls through Prisma", lean: "Database round trips" },
  mapping: { authjs: "Row mapping", lean: "Row mapping" },
  callbacks: { authjs: "Callbacks", lean: "Grant and renewal checks" },
  reissue: { authjs: "Key derivation and re-encrypt, in Auth.js's encode", lean: "Re-encrypt and Set-Cookie, when due" },
  other: { authjs: "Auth.js's own work (request, cookies, routing)", lean: "Everything else" },
};

/** Whether a stage is the approach's own cost (cryptography, a lookup) or what the framework adds. */
const READ_STAGE_KIND: Record<ReadStageName, "approach" | "framework"> = {
  config: "framework",
  cookie: "framework",
  keys: "approach",
  decrypt: "approach",
  query: "approach",
  database: "approach",
  mapping: "approach",
  callbacks: "framework",
  reissue: "approach",
  other: "framework",
};

/**
 * Whose cost a stage is on a path. Re-encrypting is the approach's work when a token is renewed, but
 * Auth.js re-encrypts on every read whether or not anything changed, so on its path it is the framework's.
 */
export function readStageKind(name: ReadStageName, path: SessionReadPath): "approach" | "framework" {
  return name === "reissue" && path === "authjs" ? "framework" : READ_STAGE_KIND[name];
}
