import { z } from "zod";
import { sessionSetupValueSchema } from "@/lib/auth/mode";

const count = z.number().int().min(0);

/** One measured scenario: a session in one setup, asked for many times through nginx. */
export const clusterScenarioSchema = z.object({
  routing: z.enum(["round-robin", "sticky"]),
  setup: sessionSetupValueSchema,
  /** `after-restart`: measured again once the instance that signed the session in was restarted. */
  phase: z.enum(["steady", "before-restart", "after-restart"]),
  /** The instance that served the sign-in, where a memory session lives. */
  signedInOn: z.string(),
  restarted: z.string().optional(),
  requests: count,
  signedIn: count,
  /** signedIn / requests. */
  share: z.number().min(0).max(1),
  servedBy: z.record(z.string(), z.object({ requests: count, signedIn: count })),
});
export type ClusterScenario = z.infer<typeof clusterScenarioSchema>;

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
});
export type ClusterResults = z.infer<typeof clusterResultsSchema>;
