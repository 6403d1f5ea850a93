import { HOSTILE_TEXT, hostileString, hostileValue } from "./hostile-values";
import type { Random } from "./random";

/** One hostile request (the fuzz suite's Probe): a path on the site, or a full URL (the API's own origin). */
type OAuthProbe = {
  category: string;
  label: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  signedOut?: boolean;
  expectSignedOut?: "json-401";
};

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { "content-type": "application/x-www-form-urlencoded" };
const base64url = (value: string) => Buffer.from(value).toString("base64url");

/** Hostile-looking tokens: garbage, forged JWTs (alg none, wrong typ, an unknown key), and huge ones. */
function hostileTokens(random: Random): string[] {
  const header = (fields: Record<string, unknown>) => base64url(JSON.stringify(fields));
  const payload = base64url(
    JSON.stringify({ sub: "someone", iss: "http://localhost/oidc", aud: "http://localhost:3100", exp: 9_999_999_999 }),
  );
  return [
    "",
    "x",
    "a.b.c",
    "...",
    `${header({ alg: "none", typ: "at+jwt" })}.${payload}.`,
    `${header({ alg: "HS256", typ: "at+jwt" })}.${payload}.${base64url("forged")}`,
    `${header({ alg: "EdDSA", typ: "JWT", kid: "unknown" })}.${payload}.${random.bytes(64).toString("base64url")}`,
    `${header({ alg: "EdDSA", typ: "at+jwt", kid: "../../etc/passwd", jku: "http://evil.example/jwks" })}.${payload}.${random.bytes(64).toString("base64url")}`,
    `${header({ alg: "RS256", typ: "at+jwt", crit: ["x"] })}.${base64url("{")}.${base64url("}")}`,
    base64url("{}".repeat(3000)),
    random.bytes(48).toString("base64url"),
    hostileString(random, 40),
    random.pick(HOSTILE_TEXT),
  ];
}

/** The provider's endpoints: token, authorization, device, revocation, introspection, end-session, interactions. */
export function providerProbes(random: Random, origin: string): OAuthProbe[] {
  const probes: OAuthProbe[] = [];
  const add = (category: string, label: string, probe: Omit<OAuthProbe, "category" | "label" | "signedOut">) =>
    probes.push({ category, label, signedOut: true, ...probe });
  const clients = ["lab-cli", "lab-spa", "lab-api", "", "LAB-CLI", "lab-cli\u0000", hostileString(random, 12), "x".repeat(3000)];
  const grants = [
    "authorization_code",
    "refresh_token",
    DEVICE_GRANT,
    "client_credentials",
    "password",
    "implicit",
    "",
    hostileString(random, 10),
  ];
  const tokens = hostileTokens(random);

  // Token endpoint: each grant with hostile codes, verifiers, redirect URIs and clients.
  for (let index = 0; index < 96; index += 1) {
    const grant = grants[index % grants.length]!;
    const fields: Record<string, string> = { grant_type: grant, client_id: random.pick(clients) };
    if (random.int(4) > 0) fields.code = random.pick(tokens);
    if (random.int(3) > 0) fields.code_verifier = random.pick([...tokens, "v".repeat(43), "v".repeat(129)]);
    if (random.int(3) > 0)
      fields.redirect_uri = random.pick([
        "http://127.0.0.1:1/callback",
        `${origin}/spa/callback`,
        "javascript:alert(1)",
        hostileValue(random),
      ]);
    if (random.int(3) === 0) fields.refresh_token = random.pick(tokens);
    if (random.int(3) === 0) fields.device_code = random.pick(tokens);
    if (random.int(5) === 0)
      fields.resource = random.pick(["http://evil.example", "not a url", hostileValue(random).slice(0, 200)]);
    if (random.int(5) === 0) fields.scope = hostileValue(random).slice(0, 500);
    const basic: Record<string, string> =
      random.int(6) === 0
        ? { authorization: `Basic ${random.pick(["", "x", base64url("lab-api:"), hostileString(random, 20)])}` }
        : {};
    add("OpenID provider: token endpoint", `${grant || "(none)"} #${index}`, {
      method: "POST",
      path: "/oidc/token",
      headers: { ...formHeaders, ...basic },
      body: form(fields),
    });
  }
  const rawBodies: [string, Record<string, string>, string][] = [
    ["json", { "content-type": "application/json" }, '{"grant_type":"authorization_code","code":{"$ne":null}}'],
    ["broken json", { "content-type": "application/json" }, '{"grant_type":'],
    ["text", { "content-type": "text/plain" }, "grant_type=authorization_code"],
    ["no type", {}, "grant_type=authorization_code&code=x"],
    ["empty", formHeaders, ""],
    [
      "repeated",
      formHeaders,
      "grant_type=authorization_code&grant_type=refresh_token&code=a&code=b&client_id=lab-cli&client_id=lab-spa",
    ],
    ["broken encoding", formHeaders, "grant_type=%E0%A4%A&code=%ZZ&client_id=lab-cli"],
    ["large", formHeaders, `grant_type=authorization_code&client_id=lab-cli&code=${"a".repeat(90_000)}`],
  ];
  for (const [label, headers, body] of rawBodies)
    add("OpenID provider: token endpoint", label, { method: "POST", path: "/oidc/token", headers, body });
  for (const method of ["GET", "PUT", "DELETE", "OPTIONS"])
    add("OpenID provider: token endpoint", method, { method, path: "/oidc/token" });

  // Authorization endpoint: unregistered redirects, unknown clients, broken PKCE and parameters.
  const challenge = base64url("c".repeat(32));
  for (let index = 0; index < 48; index += 1) {
    const query: Record<string, string> = {
      client_id: random.pick(clients),
      response_type: random.pick(["code", "token", "id_token", "code token", "", hostileString(random, 6)]),
      redirect_uri: random.pick([
        "http://127.0.0.1:1/callback",
        `${origin}/spa/callback`,
        `${origin}/evil`,
        "https://evil.example/cb",
        "http://127.0.0.1.evil.example/callback",
        "javascript:alert(1)",
        hostileValue(random).slice(0, 300),
      ]),
      scope: random.pick(["openid", "openid offline_access lab:read", "lab:admin", "", hostileValue(random).slice(0, 200)]),
      state: hostileValue(random).slice(0, 300),
    };
    if (random.int(3) > 0) query.code_challenge = random.pick([challenge, "", "short", hostileString(random, 50)]);
    if (random.int(3) > 0) query.code_challenge_method = random.pick(["S256", "plain", "", "s256"]);
    if (random.int(5) === 0) query.prompt = random.pick(["none", "login consent", "create", hostileString(random, 8)]);
    if (random.int(5) === 0) query.request = random.pick(tokens);
    if (random.int(5) === 0) query.max_age = random.pick(["-1", "1e309", "NaN"]);
    if (random.int(6) === 0) query.resource = random.pick(["http://evil.example", "relative/path", "http://localhost:3100#frag"]);
    add("OpenID provider: authorization endpoint", `auth #${index}`, { path: `/oidc/auth?${form(query)}` });
  }
  add("OpenID provider: authorization endpoint", "POST", {
    method: "POST",
    path: "/oidc/auth",
    headers: { ...formHeaders, origin },
    body: "client_id=lab-cli",
  });
  add("OpenID provider: authorization endpoint", "resume garbage", {
    path: `/oidc/auth/${hostileString(random, 20).replace(/[/?#]/g, "")}`,
  });

  // Device flow: the verification page, and the device authorization endpoint.
  for (let index = 0; index < 12; index += 1) {
    add("OpenID provider: device flow", `verification page #${index}`, {
      path: `/oidc/device?user_code=${encodeURIComponent(random.pick(tokens).slice(0, 200))}`,
    });
    add("OpenID provider: device flow", `code entry #${index}`, {
      method: "POST",
      path: "/oidc/device",
      headers: { ...formHeaders, origin },
      body: form({
        xsrf: random.pick(tokens).slice(0, 100),
        user_code: random.pick(["BCDF-GHJK", "", "0000-0000", hostileValue(random).slice(0, 100)]),
        ...(random.int(2) ? { confirm: "yes" } : { abort: "yes" }),
      }),
    });
    add("OpenID provider: device flow", `device authorization #${index}`, {
      method: "POST",
      path: "/oidc/device/auth",
      headers: formHeaders,
      body: form({ client_id: random.pick(clients), scope: random.pick(["openid", "", hostileValue(random).slice(0, 200)]) }),
    });
  }

  // Revocation and introspection: hostile tokens, hints and callers.
  for (const route of ["/oidc/token/revocation", "/oidc/token/introspection"]) {
    for (let index = 0; index < 14; index += 1) {
      const fields: Record<string, string> = { token: random.pick(tokens), client_id: random.pick(clients) };
      if (random.int(2)) fields.token_type_hint = random.pick(["refresh_token", "access_token", "", hostileString(random, 8)]);
      const auth: Record<string, string> = random.int(4) === 0 ? { authorization: `Basic ${hostileString(random, 16)}` } : {};
      add(`OpenID provider: ${route.slice(12)}`, `#${index}`, {
        method: "POST",
        path: route,
        headers: { ...formHeaders, ...auth },
        body: form(fields),
      });
    }
  }

  // End-session: hostile hints and post-logout redirects.
  for (let index = 0; index < 12; index += 1) {
    const query = {
      id_token_hint: random.pick(tokens).slice(0, 2000),
      post_logout_redirect_uri: random.pick([
        "https://evil.example",
        `${origin}/spa`,
        "javascript:alert(1)",
        hostileValue(random).slice(0, 200),
      ]),
      client_id: random.pick(clients),
      state: hostileValue(random).slice(0, 100),
    };
    add("OpenID provider: end-session", `#${index}`, { path: `/oidc/session/end?${form(query)}` });
  }
  add("OpenID provider: end-session", "confirm without form", {
    method: "POST",
    path: "/oidc/session/end/confirm",
    headers: { ...formHeaders, origin },
    body: form({ xsrf: "forged", logout: "yes" }),
  });

  // Interactions (the site's own pages under /oidc/interaction): ids that are not ones the provider made.
  const uids = [
    "x",
    "unknown",
    "a".repeat(64),
    "a".repeat(200),
    "..%2F..%2Fetc",
    "%00",
    "<script>",
    "' OR 1=1 --",
    encodeURIComponent(hostileString(random, 12)),
  ];
  for (const uid of uids) {
    add("OpenID provider: interactions", `GET ${uid.slice(0, 12)}`, { path: `/oidc/interaction/${uid}` });
    add("OpenID provider: interactions", `consent ${uid.slice(0, 12)}`, { path: `/oidc/interaction/${uid}/consent` });
    add("OpenID provider: interactions", `decide ${uid.slice(0, 12)}`, {
      method: "POST",
      path: `/oidc/interaction/${uid}/decide`,
      headers: { ...formHeaders, origin },
      body: form({ decision: random.pick(["allow", "deny", "", hostileString(random, 6)]) }),
    });
  }

  // The rest of the mount: discovery, keys, userinfo, unknown routes.
  for (const path of [
    "/oidc/.well-known/openid-configuration?x=%ff",
    "/oidc/jwks?kid=%00",
    "/oidc/me",
    "/oidc/reg",
    "/oidc/request",
    "/oidc/nonsense",
    "/oidc/%2e%2e/%2e%2e/etc/passwd",
    "/oidc",
  ]) {
    add("OpenID provider: other routes", `GET ${path}`, { path });
  }
  for (const token of tokens.slice(0, 6)) {
    add("OpenID provider: other routes", "userinfo with a hostile bearer", {
      path: "/oidc/me",
      headers: { authorization: `Bearer ${token}` },
    });
  }
  return probes;
}

/** The API service's routes with hostile Authorization headers: every one is a 401 (RFC 6750), never a 500. */
export function apiProbes(random: Random, apiOrigin: string): OAuthProbe[] {
  const tokens = hostileTokens(random);
  const headers = [
    "",
    "Bearer",
    "Bearer ",
    "bearer x",
    "Basic YWRhOmxvdmVsYWNl",
    "DPoP a.b.c",
    "Bearer a b",
    "Bearer \u00e9\u00e9",
    `Bearer ${"a".repeat(8000)}`,
    ...tokens.map((token) => `Bearer ${token}`),
    ...Array.from({ length: 12 }, () => `Bearer ${hostileValue(random).slice(0, 500)}`),
  ];
  const probes: OAuthProbe[] = [];
  for (const path of ["/me", "/notes"]) {
    for (const [index, authorization] of headers.entries()) {
      probes.push({
        category: "API: Authorization headers",
        label: `${path} #${index}`,
        path: `${apiOrigin}${path}`,
        headers: authorization ? { authorization } : {},
        expectSignedOut: "json-401",
      });
    }
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      probes.push({
        category: "API: other methods and paths",
        label: `${method} ${path}`,
        method,
        path: `${apiOrigin}${path}`,
        headers: { "content-type": "application/json" },
        body: '{"a":',
      });
    }
  }
  for (const path of [
    "/",
    "/admin",
    "/me/../notes",
    "/%2e%2e/etc/passwd",
    `/notes?${encodeURIComponent(random.pick(HOSTILE_TEXT))}=1`,
  ]) {
    probes.push({
      category: "API: other methods and paths",
      label: `GET ${path}`,
      path: `${apiOrigin}${path}`,
      headers: { authorization: `Bearer ${random.pick(tokens)}` },
    });
  }
  return probes;
}

/**
 * The backend-for-frontend's routes: hostile `lab-bff` and `lab-bff-login` cookies, callbacks with hostile parameters,
 * unknown API paths and return paths. Each is a 4xx or a redirect back to /spa with a code, and none signs anyone in.
 */
export function bffProbes(random: Random, origin: string): OAuthProbe[] {
  const probes: OAuthProbe[] = [];
  const cookies = [
    "",
    "lab-bff=",
    `lab-bff=${"A".repeat(43)}`,
    `lab-bff=${"A".repeat(42)}%00`,
    `lab-bff=${"a".repeat(4000)}`,
    "lab-bff=../../etc/passwd",
    `lab-bff=${random.bytes(32).toString("base64url")}; lab-bff=${random.bytes(32).toString("base64url")}`,
    ...hostileTokens(random).map((token) => `lab-bff=${encodeURIComponent(token.slice(0, 3000))}`),
  ];
  for (const [index, cookie] of cookies.entries()) {
    for (const path of ["/api/bff/api/me", "/api/bff/api/notes"]) {
      probes.push({
        category: "BFF: hostile cookies",
        label: `${path} #${index}`,
        path,
        headers: { cookie },
        signedOut: true,
        expectSignedOut: "json-401",
      });
    }
    probes.push({ category: "BFF: hostile cookies", label: `session #${index}`, path: "/api/bff/session", headers: { cookie } });
    for (const path of ["/api/bff/logout", "/api/bff/refresh"]) {
      probes.push({
        category: "BFF: hostile cookies",
        label: `POST ${path} #${index}`,
        method: "POST",
        path,
        headers: { cookie, origin },
        signedOut: true,
      });
    }
  }
  const loginCookies = ["", "lab-bff-login=x", `lab-bff-login=${encodeURIComponent(random.pick(hostileTokens(random)))}`];
  for (let index = 0; index < 24; index += 1) {
    const query: Record<string, string> = {};
    if (random.int(3) > 0) query.code = hostileValue(random).slice(0, 300);
    if (random.int(3) > 0) query.state = hostileValue(random).slice(0, 300);
    if (random.int(3) === 0) query.error = random.pick(["access_denied", "server_error", "", hostileString(random, 20)]);
    if (random.int(4) === 0) query.iss = random.pick(["http://evil.example/oidc", hostileValue(random).slice(0, 100)]);
    probes.push({
      category: "BFF: callbacks",
      label: `callback #${index}`,
      path: `/spa/bff/callback?${form(query)}`,
      headers: { cookie: random.pick(loginCookies) },
      signedOut: true,
    });
  }
  for (const returnTo of [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    hostileValue(random),
  ]) {
    probes.push({
      category: "BFF: sign-in",
      label: `returnTo ${returnTo.slice(0, 16)}`,
      path: `/api/bff/login?returnTo=${encodeURIComponent(returnTo.slice(0, 300))}`,
      signedOut: true,
    });
  }
  for (const path of [
    "/api/bff/api/admin",
    "/api/bff/api/%2e%2e%2fme",
    "/api/bff/api/me%00",
    "/api/bff/api/",
    "/api/bff/nothing",
  ]) {
    probes.push({ category: "BFF: other paths", label: `GET ${path}`, path, signedOut: true });
  }
  for (const method of ["PUT", "DELETE", "PATCH"]) {
    probes.push({
      category: "BFF: other paths",
      label: `${method} logout`,
      method,
      path: "/api/bff/logout",
      headers: { origin },
    });
  }
  return probes;
}
