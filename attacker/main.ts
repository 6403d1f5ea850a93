import { serve } from "@hono/node-server";
import { z } from "zod";
import { createAttackerApp } from "@/attacker/app";

/** The attacker's site: another origin than the lab (127.0.0.1 is another site than localhost), on this machine only. */
const envSchema = z.object({
  ATTACKER_PORT: z.coerce.number().int().min(1).max(65535).default(3300),
  ATTACKER_SITE_ORIGIN: z.url().default("http://localhost:3000"),
  ATTACKER_API_URL: z.url().default("http://localhost:3100"),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  const issue = parsed.error.issues[0];
  console.error(`[attacker] Could not start: ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}`);
  process.exit(1);
}
const env = parsed.data;
// Loopback only, always: the page it serves makes a person's browser attack the lab.
const HOSTNAME = "127.0.0.1";
const siteOrigin = new URL(env.ATTACKER_SITE_ORIGIN).origin;
const app = createAttackerApp({ siteOrigin, apiUrl: env.ATTACKER_API_URL.replace(/\/$/, ""), issuer: `${siteOrigin}/oidc` });
const server = serve({ fetch: app.fetch, port: env.ATTACKER_PORT, hostname: HOSTNAME }, () =>
  console.log(`[attacker] http://${HOSTNAME}:${env.ATTACKER_PORT}, attacking ${siteOrigin} (a demonstration)`),
);
server.once("error", (error: Error) => {
  console.error(`[attacker] Could not start: ${error.message}`);
  process.exit(1);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close(() => process.exit(0)));
