import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AccessTokenVerifier, TokenHolder } from "@/api/access-token";

type Variables = { holder: TokenHolder };

/** Demo notes per person: the API's own data, keyed by the token's subject. */
function notesFor(subject: string): { id: string; text: string }[] {
  return [
    { id: "1", text: `A note only ${subject} can read` },
    { id: "2", text: "This list came from the API service, which has no database of its own" },
  ];
}

/** RFC 6750 §3: a refused bearer request says why in WWW-Authenticate, and in JSON for people reading it. */
function refuse(status: 401 | 503, error: string, description: string): Response {
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (status === 401) headers.set("WWW-Authenticate", `Bearer error="${error}", error_description="${description}"`);
  return Response.json({ error, error_description: description }, { status, headers });
}

export type ApiAppOptions = {
  /** The origins whose pages may call the API from a browser (CORS): the site's own, never "*". */
  allowedOrigins: readonly string[];
};

/** The API service: every route needs a bearer access token the provider signed for this audience. */
export function createApiApp(verify: AccessTokenVerifier, options: ApiAppOptions): Hono<{ Variables: Variables }> {
  const app = new Hono<{ Variables: Variables }>();
  // The single-page app calls from the site's origin with its bearer header; no cookies, so no credentials mode.
  app.use(
    "*",
    cors({
      origin: [...options.allowedOrigins],
      allowMethods: ["GET"],
      allowHeaders: ["Authorization"],
      // A refused token's reason, for the page to show.
      exposeHeaders: ["WWW-Authenticate"],
      maxAge: 600,
    }),
  );
  // For launchers and load balancers: answers without a token, and says nothing about any.
  app.get("/health", (context) => context.json({ ok: true }));
  app.use("*", async (context, next) => {
    context.header("Cache-Control", "no-store");
    const authorization = context.req.header("Authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization);
    if (!match?.[1]) {
      // Issue 19 asks for invalid_token on a missing token too (RFC 6750 §3.1 says SHOULD NOT): one rule for every client.
      const description = "Send an access token: Authorization: Bearer <token>";
      context.header("WWW-Authenticate", `Bearer realm="lab-api", error="invalid_token", error_description="${description}"`);
      return context.json({ error: "invalid_token", error_description: description }, 401);
    }
    const outcome = await verify(match[1]);
    if (!outcome.ok) return refuse(outcome.problem === "invalid_token" ? 401 : 503, outcome.problem, outcome.description);
    context.set("holder", outcome.holder);
    await next();
  });
  app.get("/me", (context) => {
    const { subject, scopes, clientId } = context.get("holder");
    return context.json({ sub: subject, scopes, client_id: clientId });
  });
  app.get("/notes", (context) => context.json({ notes: notesFor(context.get("holder").subject) }));
  app.notFound((context) => context.json({ error: "not_found" }, 404));
  // Never a stack trace: whatever went wrong is logged here, and the client hears only that it did.
  app.onError((error, context) => {
    console.error(`[api] ${error.name}: ${error.message}`);
    return context.json({ error: "server_error" }, 500);
  });
  return app;
}
