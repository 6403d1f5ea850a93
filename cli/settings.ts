import { z } from "zod";
import { CliError } from "@/cli/errors";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https anywhere, plain http only on this machine: tokens must never cross a network in the clear. */
const endpointUrl = (what: string) =>
  z
    .url(`${what} must be a URL, like http://localhost:3000`)
    .refine((value) => {
      const url = new URL(value);
      return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
    }, `${what} must use https (plain http only for localhost)`)
    .transform((value) => value.replace(/\/+$/, ""));

const settingsSchema = z.object({
  issuer: endpointUrl("the issuer").default("http://localhost:3000/oidc"),
  apiUrl: endpointUrl("the API URL").default("http://localhost:3100"),
  tokenFile: z.string().min(1, "the token file needs a path").default(".data/cli-tokens.json"),
  loginTimeoutSeconds: z.coerce
    .number("the login timeout must be a number of seconds")
    .int("the login timeout must be whole seconds")
    .min(5, "the login timeout must be at least 5 seconds")
    .max(3600, "the login timeout must be at most 3600 seconds")
    .default(300),
  openBrowser: z.boolean().default(true),
});

export type CliSettings = z.infer<typeof settingsSchema>;

export type CliFlags = { issuer?: string; api?: string; "token-file"?: string; timeout?: string; "no-browser"?: boolean };

/** The CLI's settings: a flag wins over its LAB_CLI_* variable, which wins over the default. */
export function readSettings(flags: CliFlags, env: NodeJS.ProcessEnv): CliSettings {
  const parsed = settingsSchema.safeParse({
    issuer: flags.issuer ?? env.LAB_CLI_ISSUER,
    apiUrl: flags.api ?? env.LAB_CLI_API_URL,
    tokenFile: flags["token-file"] ?? env.LAB_CLI_TOKEN_FILE,
    loginTimeoutSeconds: flags.timeout ?? env.LAB_CLI_LOGIN_TIMEOUT,
    openBrowser: flags["no-browser"] ? false : env.LAB_CLI_NO_BROWSER === "1" ? false : undefined,
  });
  if (!parsed.success) throw new CliError(`Bad setting: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}
