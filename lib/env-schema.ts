import { z } from "zod";
import { SESSION_MODES, SESSION_READ_PATHS } from "@/lib/session-modes";
import { plaintextRedisProblem } from "@/lib/db/describe-redis-url";
import { trustedProxyList } from "@/lib/http/client-address";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/**
 * Default attempts per window (lib/auth/rate-limits/rate-limit-policies.ts has the windows and back-off). The
 * per-client ones leave room for a developer trying the lab with many test accounts from one machine. Password
 * failures count per (account, client), so an attacker elsewhere cannot lock the owner out; the per-account
 * ceiling, ten clients' worth, still stops a guess spread over many addresses (OWASP's authentication cheat sheet).
 */
export const RATE_LIMIT_DEFAULTS = {
  AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT_CLIENT: 5,
  AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT: 50,
  AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: 20,
  AUTH_RATE_LIMIT_LINKS_PER_EMAIL: 3,
  AUTH_RATE_LIMIT_LINKS_PER_CLIENT: 20,
  AUTH_RATE_LIMIT_SIGN_UPS_PER_CLIENT: 20,
  // Per minute: a device polls 12 times a minute and a person signs in a few times, so only a flood reaches it.
  OIDC_RATE_LIMIT_TOKEN_PER_CLIENT: 600,
} as const;

/** A count of attempts for a rate limit: a positive whole number, tunable per deployment (tests raise them). */
const attemptLimit = (name: keyof typeof RATE_LIMIT_DEFAULTS) =>
  z.coerce
    .number()
    .int()
    .min(1, `${name} must be a whole number of at least 1`)
    .max(100_000, `${name} must be at most 100000`)
    .default(RATE_LIMIT_DEFAULTS[name]);

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string({ error: "DATABASE_URL is not set: start the site with `npm start`, or point it at PostgreSQL" })
      .pipe(z.url("DATABASE_URL must be a postgresql:// URL")),
    // Optional: the Redis session store. `npm start` sets it when it starts a local redis-server.
    REDIS_URL: optionalText.pipe(
      z.url({ protocol: /^rediss?$/, error: "REDIS_URL must be a redis:// or rediss:// URL" }).optional(),
    ),
    // "1": a Redis on another host may be reached over plain redis:// (a private network); otherwise rediss:// only.
    REDIS_ALLOW_PLAINTEXT: z.enum(["0", "1"]).default("0"),
    AUTH_SECRET: z
      .string({ error: "AUTH_SECRET is not set: generate one with `openssl rand -base64 33`" })
      .min(32, "AUTH_SECRET must be at least 32 characters: generate one with `openssl rand -base64 33`"),
    // Rotation: AUTH_SECRET seals new cookies and links; these older secrets still open existing ones.
    AUTH_PREVIOUS_SECRETS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((secret) => secret.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().min(32, "each of AUTH_PREVIOUS_SECRETS must be at least 32 characters"))),
    AUTH_URL: z.string().pipe(z.url("AUTH_URL must be the site's public URL, like https://lab.example.com")).optional(),
    // How many reverse proxies in front of the server may be believed about the client's address.
    AUTH_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5, "AUTH_TRUSTED_PROXY_HOPS must be 0 to 5").default(0),
    // The only peers whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated); `npm run cluster` names its nginx.
    AUTH_TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .superRefine((entries, context) => {
        try {
          trustedProxyList(entries);
        } catch (error) {
          context.addIssue({ code: "custom", message: error instanceof Error ? error.message : "is not a list of addresses" });
        }
      }),
    AUTH_DEFAULT_MODE: z.enum(SESSION_MODES).default("database"),
    // Short, because a token cannot be revoked without the optional check; renewal keeps active people in.
    // A security policy, so a deployment setting: no signed-in person may switch it for everyone.
    AUTH_JWT_REVOCATION_CHECK: z.enum(["on", "off"]).default("off"),
    // Which code reads the session for pages and JSON routes: Auth.js's, or the lab's lean path (proven equal by a differential test).
    AUTH_SESSION_READ: z.enum(SESSION_READ_PATHS).default("lean"),
    AUTH_JWT_MAX_AGE: z.coerce.number().int().min(60, "AUTH_JWT_MAX_AGE is in seconds and must be at least 60").default(3600),
    // The hybrid mode's token lifetime: how long a revoked hybrid device may keep reading pages.
    AUTH_HYBRID_TOKEN_TTL: z.coerce
      .number()
      .int()
      .min(5, "AUTH_HYBRID_TOKEN_TTL is in seconds and must be at least 5")
      .max(3600, "AUTH_HYBRID_TOKEN_TTL is in seconds and at most 3600 (an hour): past that, use jwt mode")
      .default(60),
    // Rate limits (lib/auth/rate-limits/rate-limit-policies.ts has the windows and back-off); counters live in PostgreSQL.
    AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT_CLIENT: attemptLimit("AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT_CLIENT"),
    AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT: attemptLimit("AUTH_RATE_LIMIT_PASSWORD_PER_ACCOUNT"),
    AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT: attemptLimit("AUTH_RATE_LIMIT_PASSWORD_PER_CLIENT"),
    AUTH_RATE_LIMIT_LINKS_PER_EMAIL: attemptLimit("AUTH_RATE_LIMIT_LINKS_PER_EMAIL"),
    AUTH_RATE_LIMIT_LINKS_PER_CLIENT: attemptLimit("AUTH_RATE_LIMIT_LINKS_PER_CLIENT"),
    AUTH_RATE_LIMIT_SIGN_UPS_PER_CLIENT: attemptLimit("AUTH_RATE_LIMIT_SIGN_UPS_PER_CLIENT"),
    OIDC_RATE_LIMIT_TOKEN_PER_CLIENT: attemptLimit("OIDC_RATE_LIMIT_TOKEN_PER_CLIENT"),
    // The OpenID provider at /oidc (lib/auth/oidc): token lifetimes, its signing keys, and the API it issues tokens for.
    OIDC_ACCESS_TOKEN_TTL: z.coerce
      .number()
      .int()
      .min(5, "OIDC_ACCESS_TOKEN_TTL is in seconds and must be at least 5")
      .max(3600, "OIDC_ACCESS_TOKEN_TTL is in seconds and at most 3600: a JWT access token cannot be revoked before it ends")
      .default(300),
    OIDC_REFRESH_TOKEN_IDLE_TTL: z.coerce
      .number()
      .int()
      .min(60, "OIDC_REFRESH_TOKEN_IDLE_TTL is in seconds, at least 60")
      .default(7 * 86400),
    OIDC_REFRESH_TOKEN_ABSOLUTE_TTL: z.coerce
      .number()
      .int()
      .min(60, "OIDC_REFRESH_TOKEN_ABSOLUTE_TTL is in seconds, at least 60")
      .default(30 * 86400),
    OIDC_SIGNING_KEYS_FILE: z.string().min(1).default(".data/oidc-signing-keys.json"),
    // The API's resource indicator (RFC 8707) and its tokens' audience.
    OIDC_API_RESOURCE: z.url().default("http://localhost:3100"),
    // The API's public key (a JWKS file) for private_key_jwt: lets it introspect tokens without a shared secret.
    OIDC_API_CLIENT_JWKS_FILE: optionalText,
    // "introspect": the API asks the provider about every token (instant revocation), so the provider issues it reference tokens.
    API_TOKEN_CHECK: z.enum(["local", "introspect"]).default("local"),
    EMAIL_SERVER: optionalText,
    EMAIL_FROM: z.string().default("Session vs Token Lab <no-reply@localhost>"),
    LAB_OUTBOX: z.enum(["on", "off"]).optional(),
    LAB_INSTANCE_NAME: z.string().max(64).default("this server"),
    LAB_BENCH_RESULTS: z.string().min(1).default("bench/results/latest.json"),
    LAB_CLUSTER_RESULTS: z.string().min(1).default("bench/results/cluster.json"),
    LAB_ATTACK_RESULTS: z.string().min(1).default("bench/results/attacks.json"),
    // The demonstration attacker's site (attacker/), another origin than the lab's: /spa links to it.
    LAB_ATTACKER_URL: z.url().default("http://127.0.0.1:3300"),
  })
  .superRefine((env, context) => {
    // Without it, Auth.js builds magic links and redirects from the request's Host header, which a client controls.
    if (env.NODE_ENV === "production" && !env.AUTH_URL) {
      context.addIssue({
        code: "custom",
        path: ["AUTH_URL"],
        message: "AUTH_URL is not set: set it to the site's public URL (npm start sets http://localhost:3000)",
      });
    }
    if (env.OIDC_REFRESH_TOKEN_ABSOLUTE_TTL < env.OIDC_REFRESH_TOKEN_IDLE_TTL) {
      context.addIssue({
        code: "custom",
        path: ["OIDC_REFRESH_TOKEN_ABSOLUTE_TTL"],
        message: "OIDC_REFRESH_TOKEN_ABSOLUTE_TTL must be at least OIDC_REFRESH_TOKEN_IDLE_TTL",
      });
    }
    const redisProblem = env.REDIS_URL && plaintextRedisProblem(env.REDIS_URL, env.REDIS_ALLOW_PLAINTEXT === "1");
    if (redisProblem) context.addIssue({ code: "custom", path: ["REDIS_URL"], message: redisProblem });
    // A hop count with nobody to believe would put every client behind the proxy in one rate-limit bucket.
    if (env.AUTH_TRUSTED_PROXY_HOPS > 0 && env.AUTH_TRUSTED_PROXIES.length === 0) {
      context.addIssue({
        code: "custom",
        path: ["AUTH_TRUSTED_PROXIES"],
        message: "AUTH_TRUSTED_PROXY_HOPS is set but AUTH_TRUSTED_PROXIES is empty: list the proxies' addresses, like 127.0.0.1",
      });
    }
  });

export type Env = z.infer<typeof envSchema> & {
  outboxEnabled: boolean;
  secureCookies: boolean;
  /** Every secret that may open a cookie or link; the first one seals. */
  authSecrets: [string, ...string[]];
};

/** Parses an environment; throws one readable line naming every bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment. ${problems.join("; ")}`);
  }
  const env = parsed.data;
  return {
    ...env,
    // The outbox shows sign-in links to anyone who can reach it, so production keeps it off unless asked.
    outboxEnabled: !env.EMAIL_SERVER && (env.LAB_OUTBOX ?? (env.NODE_ENV === "production" ? "off" : "on")) === "on",
    secureCookies: env.AUTH_URL?.startsWith("https:") ?? false,
    authSecrets: [env.AUTH_SECRET, ...env.AUTH_PREVIOUS_SECRETS.filter((secret) => secret !== env.AUTH_SECRET)],
  };
}
