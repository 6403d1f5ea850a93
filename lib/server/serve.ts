import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { z } from "zod";
import { parseEnv, type Env } from "@/lib/env-schema";
import { frontDoor } from "@/lib/http/front-door";
import { trustedProxyList } from "@/lib/http/client-address";
import { outboxSetting } from "@/lib/launch/outbox-setting";
import { startSiteOidcProvider } from "@/lib/auth/oidc/start";

/**
 * The site's HTTP server: Next's request handler and the OpenID provider (/oidc) behind the front door (lib/http).
 * `npm start`, `npm run cluster` and the tests run it in place of `next start`.
 */
const optionsSchema = z.object({
  dev: z.boolean().default(false),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  hostname: z.string().min(1).default("127.0.0.1"),
});

function validatedEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    console.error(`[lab] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

async function main() {
  const { values } = parseArgs({ options: { dev: { type: "boolean" }, port: { type: "string" }, hostname: { type: "string" } } });
  const options = optionsSchema.parse(values);
  // Decided before Next reads the environment: LAB_OUTBOX=on cannot open the outbox on a public bind.
  const outbox = outboxSetting(options.hostname, process.env);
  if (outbox.notice) console.log(`[lab] ${outbox.notice}`);
  if (outbox.LAB_OUTBOX) process.env.LAB_OUTBOX = outbox.LAB_OUTBOX;
  const env = validatedEnv();
  const app = next({ dev: options.dev, hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const siteUrl = env.AUTH_URL ?? `http://localhost:${options.port}`;
  const oidc = await startSiteOidcProvider(env, siteUrl, (line) => console.log(`[lab] ${line}`));

  const server = createServer(
    frontDoor(
      {
        publicUrl: env.AUTH_URL,
        listenPort: options.port,
        proxyTrust: { hops: env.AUTH_TRUSTED_PROXY_HOPS, proxies: trustedProxyList(env.AUTH_TRUSTED_PROXIES) },
        instanceName: env.LAB_INSTANCE_NAME,
        https: env.secureCookies,
        dev: options.dev,
        apiUrl: env.OIDC_API_RESOURCE,
      },
      (request, response) => handle(request, response),
      oidc,
    ),
  );
  if (options.dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (request, socket, head) => void upgrade(request, socket, head));
  }
  server.listen(options.port, options.hostname, () => console.log(`[lab] Ready on http://${options.hostname}:${options.port}`));
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.close();
      void app.close().finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(`[lab] Could not start the server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
