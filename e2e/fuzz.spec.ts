import { expect, localAuthSecret, test } from "./fixtures";
import { signUpIn } from "./two-devices";
import { renderedForms, type RenderedForm } from "./fuzz/forms";
import { hostileModeCookies, hostileSessionCookies } from "./fuzz/hostile-cookies";
import { HOSTILE_EMAILS, HOSTILE_TEXT, hostileString, hostileValue } from "./fuzz/hostile-values";
import { seededRandom, type Random } from "./fuzz/random";
import { FuzzTally } from "./fuzz/tally";
import { rawRequest } from "./fuzz/raw-http";
import {
  duplicatedCookieWriteProbes,
  hybridPairingProblems,
  sessionConfusionProbes,
  signInEverySetup,
} from "./fuzz/session-confusion";
import { fuzzForwardedHeaders } from "./fuzz/forwarded-headers";
import { apiProbes, bffProbes, providerProbes } from "./fuzz/oauth-probes";
import { apiPortOf, PORT } from "./servers";

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const PARALLEL = 4;

type Probe = {
  category: string;
  label: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  /** Set for the few inputs whose 500 comes from inside Next itself (see docs/security.md). */
  upstream?: string;
  /** This request carries no credential: it must not come back with one. */
  signedOut?: boolean;
  /** What the response must show for a hostile session cookie: signed out. */
  expectSignedOut?: "json-401" | "null-session" | "redirect-to-sign-in";
};

/** Whether a response sets a (non-empty) session cookie: a session granted. */
const grantsSession = (setCookies: string[]) =>
  setCookies.some((cookie) => /^(?:__Secure-|__Host-)?authjs\.session-token(?:\.\d+)?=[^;]+/.test(cookie));

test("fuzz: 1,000+ hostile inputs get 4xx or a clear page, leak nothing, grant nothing and write nothing", async ({
  baseURL,
  person,
  deviceA,
  db,
}) => {
  test.setTimeout(8 * 60_000);
  const random = seededRandom(SEED);
  const tally = new FuzzTally();
  const origin = new URL(baseURL!).origin;

  // One signed-in browser, for the forms that only a signed-in person sees.
  await signUpIn("database", person, deviceA);
  const sessionCookie = (await deviceA.page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");

  async function send(probe: Probe) {
    // A path on the site, or a whole URL (the API service has an origin of its own).
    const response = await rawRequest(probe.path.startsWith("http") ? probe.path : `${origin}${probe.path}`, {
      method: probe.method,
      headers: probe.headers,
      body: probe.body,
    });
    tally.record({
      category: probe.category,
      label: probe.label,
      status: response.status,
      body: response.body,
      upstream: probe.upstream,
    });
    if (probe.signedOut && grantsSession(response.setCookies))
      tally.problem(probe.category, probe.label, "a session cookie was set");
    const signedOut =
      probe.expectSignedOut === "json-401"
        ? response.status === 401
        : probe.expectSignedOut === "null-session"
          ? response.status === 200 && response.body.trim() === "null"
          : probe.expectSignedOut === "redirect-to-sign-in"
            ? response.status === 307 && (response.location ?? "").includes("/signin")
            : true;
    if (!signedOut) tally.problem(probe.category, probe.label, `not answered as signed out (HTTP ${response.status})`);
  }

  async function sendAll(probes: Probe[]) {
    for (let start = 0; start < probes.length; start += PARALLEL)
      await Promise.all(probes.slice(start, start + PARALLEL).map(send));
  }

  // Two people's real credentials in every mode and store, for the session-confusion cases.
  const other = { ...person, email: `other-${person.email}` };
  await db.createPersonWithPasswordOf(person.email, other.email);
  const mine = await signInEverySetup(origin, person.email, person.password);
  const theirs = await signInEverySetup(origin, other.email, other.password);
  const [myDevice] = await db.sessionRowsFor(person.email);

  const before = await db.counts();

  // 1. Session cookies in both modes, against each kind of reader.
  const readers: Pick<Probe, "path" | "expectSignedOut">[] = [
    { path: "/api/me", expectSignedOut: "json-401" },
    { path: "/api/auth/session", expectSignedOut: "null-session" },
    { path: "/api/lab/probe", expectSignedOut: "json-401" },
    { path: "/account", expectSignedOut: "redirect-to-sign-in" },
  ];
  const sessionCookies = await hostileSessionCookies(random, localAuthSecret(), 420);
  await sendAll(
    sessionCookies.map(({ label, cookie }, index) => ({
      category: "session cookies",
      label,
      ...readers[index % readers.length]!,
      headers: { cookie },
      signedOut: true,
    })),
  );

  // 2. The mode cookie.
  await sendAll(
    hostileModeCookies(random, 60).map(({ label, cookie }, index) => ({
      category: "mode cookie",
      label,
      ...readers[index % readers.length]!,
      headers: { cookie },
      signedOut: true,
    })),
  );

  // 3. Every form and Server Action, signed out and signed in.
  const formsOf = async (path: string, cookie?: string) =>
    renderedForms(await (await fetch(`${origin}${path}`, { headers: cookie ? { cookie } : {} })).text(), path);
  const signedOutForms = [...(await formsOf("/signup")), ...(await formsOf("/signin")), ...(await formsOf("/settings"))];
  const signedInForms = [...(await formsOf("/settings", sessionCookie)), ...(await formsOf("/devices", sessionCookie))];
  expect(signedOutForms.length).toBeGreaterThanOrEqual(4);
  expect(signedInForms.some((form) => form.fields.includes("newPassword"))).toBe(true);
  // Forms without fields of their own (sign out, sign out everywhere) do their job for any well-formed call.
  const fuzzable = (form: RenderedForm) => form.fields.length > 0;
  await sendAll(signedOutForms.filter(fuzzable).flatMap((form) => formProbes(form, random, origin, undefined, 45)));
  await sendAll(signedInForms.filter(fuzzable).flatMap((form) => formProbes(form, random, origin, sessionCookie, 25)));
  // Framing and encodings that any action endpoint must refuse, fields or not.
  await sendAll([...signedOutForms, ...signedInForms].flatMap((form) => encodingProbes(form, origin)));

  // 4. The JSON routes.
  await sendAll(jsonRouteProbes(random, sessionCookie, origin));

  // 4b. Session confusion: the session cookie twice, hybrid tokens beside other sessions, mode cookies forged or mismatched.
  await sendAll([
    ...sessionConfusionProbes(random, mine, theirs),
    ...duplicatedCookieWriteProbes(origin, mine, theirs, myDevice!.id),
  ]);
  for (const problem of await hybridPairingProblems(origin, mine, theirs, other.email))
    tally.problem("session confusion", problem, "a hybrid token answered beside another session cookie");

  // 5. Auth.js's own routes, with a real CSRF token where one is needed.
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
  await sendAll(authRouteProbes(random, csrfToken, csrfCookie, origin));

  // 6. Forwarded headers straight from a client: this server is behind no trusted proxy.
  await fuzzForwardedHeaders({ origin, random, tally, csrf: { token: csrfToken, cookie: csrfCookie }, count: 120 });

  // 7. The OpenID provider's endpoints, and the API service's with hostile bearer tokens.
  await sendAll(providerProbes(random, origin));
  await sendAll(apiProbes(random, `http://localhost:${apiPortOf(PORT)}`));

  // 8. The backend-for-frontend's routes.
  await sendAll(bffProbes(random, origin));

  const after = await db.counts();
  console.log(tally.report());
  expect(tally.problems).toEqual([]);
  expect(after).toEqual(before);
  expect(tally.total).toBeGreaterThanOrEqual(1000);
  // The signed-in browser was never signed out or switched by any of it.
  await deviceA.header.expectSignedInAs(person.email);
});

/** A value for one field: a hostile email where an email goes, so that every input is invalid. */
function fieldValue(field: string, random: Random): string {
  if (/email/i.test(field)) return random.pick(HOSTILE_EMAILS);
  if (field === "newPassword") return random.pick(["short1", "a\u0000bcdefghij1", "x".repeat(200), "onlyletterslong"]);
  if (field === "mode") return random.pick(["hybrid", "", "DATABASE", "jwt\u0000", "database ", hostileString(random, 20)]);
  if (field === "kind") return random.pick(["", "user", "session\u0000", "SESSION", hostileString(random, 10)]);
  if (field === "id") return random.pick(["", "../..", "c".repeat(41), "A".repeat(25), hostileString(random, 30)]);
  return hostileValue(random);
}

/** The form's fields with hostile values: some missing, some repeated. */
function hostileFormData(form: RenderedForm, random: Random, prefix: string, mustInclude: (field: string) => boolean): FormData {
  const data = new FormData();
  for (const field of form.fields) {
    const roll = random.int(10);
    if (roll === 0 && !mustInclude(field)) continue;
    data.append(`${prefix}${field}`, fieldValue(field, random));
    if (roll === 1) data.append(`${prefix}${field}`, fieldValue(field, random));
  }
  return data;
}

/** Hostile submissions of one form: as a browser without JavaScript posts it, and as React's fetch does. */
function formProbes(form: RenderedForm, random: Random, origin: string, cookie: string | undefined, count: number): Probe[] {
  // Keep at least one field that makes the input invalid, so no submission may be accepted.
  const keyField = form.fields.find((field) => /email|newPassword|mode|id/.test(field)) ?? form.fields[0]!;
  const mustInclude = (field: string) => field === keyField;
  const headers = { origin, ...(cookie ? { cookie } : {}) };
  const base = { category: cookie ? "forms, signed in" : "forms, signed out", signedOut: !cookie };
  return Array.from({ length: count }, (_, index): Probe => {
    const label = `${form.page} ${form.fields.join("+")} #${index}`;
    if (index % 2 === 0) {
      const data = hostileFormData(form, random, "", mustInclude);
      for (const [name, value] of form.actionFields) data.append(name, value);
      return { ...base, label: `${label} (no JavaScript)`, method: "POST", path: form.page, headers, body: data };
    }
    const data = hostileFormData(form, random, "1_", mustInclude);
    data.append("0", form.stateful ? '[{},"$K1"]' : '["$K1"]');
    return {
      ...base,
      label: `${label} (fetch)`,
      method: "POST",
      path: form.page,
      headers: { ...headers, "next-action": form.actionId },
      body: data,
    };
  });
}

/** Calls to a form's action with the wrong framing, the wrong arguments, or a broken encoding. */
function encodingProbes(form: RenderedForm, origin: string): Probe[] {
  const action = { origin, "next-action": form.actionId };
  const category = "Server Action framing";
  const label = `${form.page} ${form.actionId.slice(0, 8)}`;
  const post = (headers: Record<string, string>, body: string | FormData) => ({
    method: "POST",
    path: form.page,
    headers,
    body,
    signedOut: true,
  });
  const withRoot = (root: string) => {
    const data = new FormData();
    data.append("0", root);
    return data;
  };
  const probes: Probe[] = [
    { category, label: `${label} json`, ...post({ ...action, "content-type": "application/json" }, "{}") },
    {
      category,
      label: `${label} urlencoded`,
      ...post({ ...action, "content-type": "application/x-www-form-urlencoded" }, "a=1"),
    },
    { category, label: `${label} xml`, ...post({ ...action, "content-type": "text/xml" }, "<a/>") },
    {
      category,
      label: `${label} octet-stream`,
      ...post({ ...action, "content-type": "application/octet-stream" }, "\u0000\u0001"),
    },
    {
      category,
      label: `${label} unknown action`,
      ...post({ origin, "next-action": "00".repeat(21), "content-type": "text/plain" }, "[]"),
    },
    {
      category,
      label: `${label} garbage action id`,
      ...post({ origin, "next-action": "<script>", "content-type": "text/plain" }, "[]"),
    },
    {
      category,
      label: `${label} foreign origin`,
      ...post({ origin: "http://evil.example", "next-action": form.actionId, "content-type": "text/plain" }, "[]"),
    },
    {
      category,
      label: `${label} null origin`,
      ...post({ origin: "null", "next-action": form.actionId, "content-type": "text/plain" }, "[]"),
    },
    {
      category,
      label: `${label} broken text/plain`,
      ...post({ ...action, "content-type": "text/plain;charset=UTF-8" }, '["$Q2", {'),
      upstream: "a Server Action body that is not valid JSON (React's decodeReply)",
    },
    {
      category,
      label: `${label} broken multipart root`,
      ...post(action, withRoot("[{")),
      upstream: "a Server Action body that is not valid JSON (React's decodeReply)",
    },
  ];
  if (form.fields.length > 0) {
    // Well-formed encodings of the wrong arguments reach the action itself, which must refuse them.
    for (const root of ["[]", "[1,2,3]", '["$K1"]', '[{},"text"]', "[{},null]", '{"a":1}', '[{},"$K9"]', '[{},{"get":1}]']) {
      probes.push({ category, label: `${label} arguments ${root}`, ...post(action, withRoot(root)) });
    }
    probes.push({
      category,
      label: `${label} arguments "text"`,
      ...post(action, withRoot('"text"')),
      upstream: "a Server Action body whose root is not a list of arguments (Next's action.apply)",
    });
    const noScript = new FormData();
    for (const [name, value] of form.actionFields) noScript.append(name, /:\d+$/.test(name) ? "[{" : value);
    if (form.stateful)
      probes.push({
        category,
        label: `${label} broken no-JavaScript state`,
        ...post({ origin }, noScript),
        upstream: "a no-JavaScript form post whose $ACTION fields are not valid JSON (React's decodeAction)",
      });
  }
  return probes;
}

function jsonRouteProbes(random: Random, sessionCookie: string, origin: string): Probe[] {
  const category = "JSON routes";
  const probes: Probe[] = [];
  const kinds = ["session", "token", "user", "", "..", "%00", "SESSION", "session%2F..", hostileString(random, 8)];
  const ids = ["", "cnotarealid0000000000000", "c".repeat(41), "' OR 1=1 --", "%00", "a".repeat(2000), "../../etc/passwd", "🧮"];
  for (const kind of kinds) {
    for (const id of ids) {
      const path = `/api/devices/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;
      // With the page's Origin, as a browser's fetch sends it, so each call reaches the route's own checks.
      probes.push({
        category,
        label: `DELETE ${kind}/${id.slice(0, 10)} signed out`,
        method: "DELETE",
        path,
        headers: { origin },
        signedOut: true,
      });
      probes.push({
        category,
        label: `DELETE ${kind}/${id.slice(0, 10)} signed in`,
        method: "DELETE",
        path,
        headers: { origin, cookie: sessionCookie },
      });
    }
  }
  for (const route of ["/api/me", "/api/health", "/api/lab/probe", "/api/lab/baseline"]) {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      const body =
        method === "GET" || method === "OPTIONS" ? undefined : random.pick(['{"a":', "null", "x".repeat(100_000), "\u0000"]);
      probes.push({
        category,
        label: `${method} ${route}`,
        method,
        path: `${route}?${encodeURIComponent(random.pick(HOSTILE_TEXT))}=1`,
        body,
        headers: { "content-type": "application/json" },
        signedOut: true,
      });
    }
  }
  return probes;
}

function authRouteProbes(random: Random, csrfToken: string, csrfCookie: string, origin: string): Probe[] {
  const category = "Auth.js routes";
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const headers = { origin, cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded" };
  const probes: Probe[] = [];
  for (const email of HOSTILE_EMAILS) {
    for (const csrf of [csrfToken, "", "forged"]) {
      probes.push({
        category,
        label: `magic link ${email.slice(0, 20)}`,
        method: "POST",
        path: "/api/auth/signin/nodemailer",
        headers,
        body: form({ csrfToken: csrf, email, callbackUrl: "/account" }),
        signedOut: true,
      });
      probes.push({
        category,
        label: `credentials ${email.slice(0, 20)}`,
        method: "POST",
        path: "/api/auth/callback/credentials",
        headers,
        body: form({ csrfToken: csrf, email, password: random.pick(HOSTILE_TEXT) }),
        signedOut: true,
      });
    }
  }
  for (const path of [
    "/api/auth/signout",
    "/api/auth/session",
    "/api/auth/signin/credentials",
    "/api/auth/callback/nodemailer",
    "/api/auth/nonsense",
  ]) {
    for (let index = 0; index < 4; index += 1) {
      probes.push({
        category,
        label: `POST ${path}`,
        method: "POST",
        path,
        headers,
        body: form({
          csrfToken: random.pick([csrfToken, "", "x"]),
          [hostileString(random, 5)]: hostileValue(random).slice(0, 2000),
        }),
        signedOut: true,
      });
    }
  }
  const queries = [
    "/api/auth/callback/nodemailer?token=forged&email=ada%40example.com",
    "/api/auth/callback/nodemailer?token=&email=",
    `/api/auth/callback/nodemailer?token=${"a".repeat(5000)}&email=x%40y`,
    "/api/auth/callback/nodemailer?callbackUrl=https%3A%2F%2Fevil.example&token=x&email=ada%40example.com",
    "/api/auth/signin?callbackUrl=https%3A%2F%2Fevil.example",
    "/api/auth/signin?error=%3Cscript%3E",
    "/api/auth/error?error=%3Cimg%20src%3Dx%3E",
    "/api/auth/verify-request?provider=%00",
    "/api/auth/providers",
    "/api/auth/csrf",
    "/api/auth/session?x=%ff",
    "/api/auth/%2e%2e/%2e%2e/etc/passwd",
    "/api/auth/signout?callbackUrl=%2F%2Fevil.example",
  ];
  for (const path of queries) probes.push({ category, label: `GET ${path.slice(0, 40)}`, path, signedOut: true });
  return probes;
}
