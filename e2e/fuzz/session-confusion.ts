import { rawRequest } from "./raw-http";
import type { Random } from "./random";

const SESSION = "authjs.session-token";
const MODE = "lab-session-mode";
const HYBRID_TOKEN = "lab-hybrid-token";

/** Every mode and store a browser can ask for (the mode cookie's values). */
const SETUPS = ["database", "database:redis", "database:memory", "jwt", "hybrid", "hybrid:redis", "hybrid:memory"] as const;
type Setup = (typeof SETUPS)[number];

/** One person's credential in one setup: the session cookie's value, and in hybrid mode the token its first read issued. */
type Credential = { session: string; hybridToken?: string };
export type Credentials = Record<Setup, Credential>;

/** What a confusion case expects: signed out in a reader's own words. */
type SignedOutAnswer = "json-401" | "null-session" | "redirect-to-sign-in";

export type ConfusionProbe = {
  category: string;
  label: string;
  method?: string;
  path: string;
  headers: Record<string, string>;
  signedOut: true;
  expectSignedOut: SignedOutAnswer;
};

const READERS: { path: string; expectSignedOut: SignedOutAnswer }[] = [
  { path: "/api/me", expectSignedOut: "json-401" },
  { path: "/api/auth/session", expectSignedOut: "null-session" },
  { path: "/api/lab/probe", expectSignedOut: "json-401" },
  { path: "/account", expectSignedOut: "redirect-to-sign-in" },
];

const cookiePairs = (setCookies: string[]) =>
  setCookies.map((cookie) => cookie.split(";")[0]!).filter((pair) => !pair.endsWith("="));

/** Signs `email` in over HTTP in one setup, as the sign-in form's post does; in hybrid mode a first read gets the token too. */
async function signInOnce(origin: string, setup: Setup, email: string, password: string): Promise<Credential> {
  const mode = `${MODE}=${setup}`;
  const csrf = await rawRequest(`${origin}/api/auth/csrf`, { headers: { cookie: mode } });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const signIn = await rawRequest(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    headers: {
      cookie: [mode, ...cookiePairs(csrf.setCookies)].join("; "),
      "content-type": "application/x-www-form-urlencoded",
      // As the sign-in page's form posts it: the front door refuses a session write that names no origin.
      origin,
    },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/account` }).toString(),
  });
  const session = cookiePairs(signIn.setCookies)
    .find((pair) => pair.startsWith(`${SESSION}=`))
    ?.slice(SESSION.length + 1);
  if (!session) throw new Error(`Signing in over HTTP in ${setup} mode gave no session cookie (HTTP ${signIn.status})`);
  if (!setup.startsWith("hybrid")) return { session };
  const read = await rawRequest(`${origin}/api/me`, { headers: { cookie: `${mode}; ${SESSION}=${session}` } });
  const hybridToken = cookiePairs(read.setCookies)
    .find((pair) => pair.startsWith(`${HYBRID_TOKEN}=`))
    ?.slice(HYBRID_TOKEN.length + 1);
  if (!hybridToken) throw new Error(`A first read in ${setup} mode issued no hybrid token (HTTP ${read.status})`);
  return { session, hybridToken };
}

/** `email`'s credentials in every setup. */
export async function signInEverySetup(origin: string, email: string, password: string): Promise<Credentials> {
  const credentials: Partial<Credentials> = {};
  // One after another: each success forgives the account's count, which parallel sign-ins would overrun (429).
  for (const setup of SETUPS) credentials[setup] = await signInOnce(origin, setup, email, password);
  return credentials as Credentials;
}

const halves = (value: string): [string, string] => [
  value.slice(0, Math.ceil(value.length / 2)),
  value.slice(Math.ceil(value.length / 2)),
];

/**
 * Cookie headers that must be signed out, with two people's real credentials in every mode and store: the
 * session cookie (or a chunk of it) sent twice, in either order; a hybrid token beside a session cookie it was
 * not issued with; and mode cookies, forged or real, naming another mode or store than the credential's.
 */
export function sessionConfusionProbes(random: Random, mine: Credentials, theirs: Credentials): ConfusionProbe[] {
  const cookieHeaders: { label: string; cookie: string }[] = [];
  for (const setup of SETUPS) {
    const mode = `${MODE}=${setup}`;
    const [a, b] = [mine[setup].session, theirs[setup].session];
    const [a0, a1] = halves(a);
    const duplicated: [string, string][] = [
      ["mine then theirs", `${SESSION}=${a}; ${SESSION}=${b}`],
      ["theirs then mine", `${SESSION}=${b}; ${SESSION}=${a}`],
      ["mine twice", `${SESSION}=${a}; ${SESSION}=${a}`],
      ["mine twice, the mode cookie between", `${SESSION}=${a}; ${mode}; ${SESSION}=${a}`],
      ["a chunk twice", `${SESSION}.0=${a0}; ${SESSION}.1=${a1}; ${SESSION}.0=${a0}`],
      ["chunks reordered, one twice", `${SESSION}.1=${a1}; ${SESSION}.0=${a0}; ${SESSION}.1=${a1}`],
      ["whole and chunks of another", `${SESSION}=${b}; ${SESSION}.0=${a0}; ${SESSION}.1=${a1}; ${SESSION}=${a}`],
    ];
    for (const [label, pairs] of duplicated) {
      const token = mine[setup].hybridToken;
      cookieHeaders.push({ label: `${setup}: ${label}`, cookie: `${mode}; ${pairs}` });
      if (token)
        cookieHeaders.push({ label: `${setup}: ${label}, with my token`, cookie: `${mode}; ${pairs}; ${HYBRID_TOKEN}=${token}` });
    }
    const theirToken = theirs[setup].hybridToken;
    if (theirToken) {
      // Their token beside no session of theirs: it answers for nothing.
      for (const [label, session] of [
        ["a made-up session cookie", random.bytes(32).toString("base64url")],
        ["their session cookie, truncated", b.slice(0, -2)],
        ["my session cookie from jwt mode", mine.jwt.session],
      ] as const)
        cookieHeaders.push({
          label: `${setup}: their token beside ${label}`,
          cookie: `${mode}; ${SESSION}=${session}; ${HYBRID_TOKEN}=${theirToken}`,
        });
      cookieHeaders.push({ label: `${setup}: their token alone`, cookie: `${mode}; ${HYBRID_TOKEN}=${theirToken}` });
      cookieHeaders.push({
        label: `${setup}: their token twice beside a made-up session cookie`,
        cookie: `${mode}; ${SESSION}=${random.bytes(32).toString("base64url")}; ${HYBRID_TOKEN}=${theirToken}; ${HYBRID_TOKEN}=${theirToken}`,
      });
    }
  }
  // Real mode cookies naming another mode or store than the credential's, and forged ones (which mean the default: PostgreSQL).
  // Not forged: what a parser trims or URL-decodes into a real value ("jwt ", "hybrid%3Aredis").
  const notInPostgres: Setup[] = ["database:redis", "database:memory", "jwt", "hybrid:redis", "hybrid:memory"];
  const forged = [
    "DATABASE:MEMORY",
    "database:",
    ":redis",
    "hybrid:mongo",
    "database:memory:redis",
    "jwt\u0000",
    "hybrid:redis%00",
    "Hybrid:Memory",
  ];
  for (const setup of notInPostgres) {
    for (const other of SETUPS) {
      const sameStore = other.split(":")[1] === setup.split(":")[1] && other !== "jwt" && setup !== "jwt";
      if (other === setup || sameStore) continue;
      cookieHeaders.push({
        label: `${setup} credential under mode ${other}`,
        cookie: `${MODE}=${other}; ${SESSION}=${mine[setup].session}`,
      });
    }
    for (const value of forged)
      cookieHeaders.push({
        label: `${setup} credential under forged mode ${JSON.stringify(value)}`,
        cookie: `${MODE}=${value}; ${SESSION}=${mine[setup].session}`,
      });
  }
  return cookieHeaders.map(({ label, cookie }, index) => ({
    category: "session confusion",
    label,
    ...READERS[index % READERS.length]!,
    headers: { cookie },
    signedOut: true,
  }));
}

/**
 * What must refuse a request carrying the session cookie twice: signing out everywhere, revoking a device,
 * and Auth.js's sign-out (each 401, each changing nothing).
 */
export function duplicatedCookieWriteProbes(
  origin: string,
  mine: Credentials,
  theirs: Credentials,
  deviceId: string,
): ConfusionProbe[] {
  const probes: ConfusionProbe[] = [];
  for (const setup of SETUPS) {
    const cookie = `${MODE}=${setup}; ${SESSION}=${theirs[setup].session}; ${SESSION}=${mine[setup].session}`;
    const write = (label: string, method: string, path: string): ConfusionProbe => ({
      category: "session confusion, writes",
      label: `${setup}: ${label}`,
      method,
      path,
      // Same-origin, so the front door lets it through and the route itself must refuse the duplicated cookie.
      headers: { cookie, origin },
      signedOut: true,
      expectSignedOut: "json-401",
    });
    probes.push(write("sign out everywhere", "DELETE", "/api/devices"));
    probes.push(write("revoke a device", "DELETE", `/api/devices/session/${deviceId}`));
    probes.push(write("Auth.js sign-out", "POST", "/api/auth/signout"));
  }
  return probes;
}

/**
 * A hybrid token beside another person's real session cookie: the session cookie decides who this is (the
 * token is bound to the cookie it was issued with). Returns what went wrong, if anything.
 */
export async function hybridPairingProblems(
  origin: string,
  mine: Credentials,
  theirs: Credentials,
  theirEmail: string,
): Promise<string[]> {
  const problems: string[] = [];
  for (const setup of SETUPS.filter((candidate) => candidate.startsWith("hybrid"))) {
    const cookie = `${MODE}=${setup}; ${SESSION}=${theirs[setup].session}; ${HYBRID_TOKEN}=${mine[setup].hybridToken ?? ""}`;
    const response = await rawRequest(`${origin}/api/me`, { headers: { cookie } });
    const email =
      response.status === 200
        ? (JSON.parse(response.body) as { session?: { user?: { email?: string } } }).session?.user?.email
        : undefined;
    if (email !== theirEmail)
      problems.push(`${setup}: my token beside their session answered HTTP ${response.status} as ${email ?? "nobody"}`);
  }
  return problems;
}
