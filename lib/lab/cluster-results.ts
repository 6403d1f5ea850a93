import { z } from "zod";
import { modeCookieValueSchema } from "@/lib/auth/mode";

const count = z.number().int().min(0);

/** One measured scenario: a session in one setup, asked for many times through nginx. */
const clusterScenarioSchema = z.object({
  routing: z.enum(["round-robin", "sticky"]),
  setup: modeCookieValueSchema,
  /** `after-restart`: measured again once the instance that signed the session in was restarted. */
  phase: z.enum(["steady", "before-restart", "after-restart"]),
  /** The instance that served the sign-in, where a memory session lives. */
  signedInOn: z.string(),
  restarted: z.string().optional(),
  requests: count,
  signedIn: count,
  /** signedIn / requests. */
  share: z.number().min(0).max(1),
  /** Answers whose read queried the session store. */
  storeReads: count,
  servedBy: z.record(z.string(), z.object({ requests: count, signedIn: count })),
});
export type ClusterScenario = z.infer<typeof clusterScenarioSchema>;

/**
 * How long a revoked device kept reading, measured through the balancer: the device signs in, another
 * device revokes it through one instance, and the revoked device keeps asking every instance in turn.
 */
const revocationWindowSchema = z.object({
  /** `jwt` without the revocation check, `database` and `hybrid` in PostgreSQL, or any other setup measured. */
  setup: modeCookieValueSchema,
  /** The instance the revocation was made through. */
  revokedThrough: z.string(),
  /** The hybrid token's lifetime (AUTH_HYBRID_TOKEN_TTL) or the token's max age (AUTH_JWT_MAX_AGE); null for a server session. */
  ttlSeconds: z.number().min(0).nullable(),
  /** Seconds from the revocation until every instance answered signed out; null if it never did while watched. */
  signedOutAfterSeconds: z.number().min(0).nullable(),
  /** How long the revoked device was watched. */
  watchedSeconds: z.number().min(0),
  /** Requests the revoked device made after the revocation, and how many of them were still signed in. */
  requestsAfter: count,
  signedInAfter: count,
});
export type RevocationWindow = z.infer<typeof revocationWindowSchema>;

/** The file `npm run cluster -- --check --out <file>` writes and /compare's load-balancer row shows. */
export const clusterResultsSchema = z.object({
  createdAt: z.iso.datetime(),
  command: z.string(),
  machine: z.object({
    cpuModel: z.string(),
    cpus: z.number().int().min(1),
    memoryGiB: z.number(),
    node: z.string(),
    os: z.string(),
  }),
  instances: z.number().int().min(1),
  requestsPerScenario: z.number().int().min(1),
  scenarios: z.array(clusterScenarioSchema).min(1),
  /** Absent from files written before the hybrid mode. */
  revocationWindows: z.array(revocationWindowSchema).optional(),
});
export type ClusterResults = z.infer<typeof clusterResultsSchema>;
