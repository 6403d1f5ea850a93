import { randomBytes } from "node:crypto";
import { encode } from "@auth/core/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { envWith } from "@/lib/testing/env-with";
import type { Env } from "@/lib/env";
import { MODE_COOKIE_NAME, chunkSessionCookie, sessionCookieName, hybridTokenCookieName } from "@/lib/auth/cookies";
import { readSession } from "@/lib/auth/authjs/read";
import type { CurrentSession } from "@/lib/auth/session/types";
import { newSessionToken, hashSessionToken } from "@/lib/auth/tokens/opaque-token";
import { sealSessionToken } from "@/lib/auth/tokens/seal";
import { deriveSessionKeyRing } from "@/lib/auth/tokens/keys";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS, RENEWAL_INTERVAL_SECONDS } from "@/lib/auth/session-lifetime";
import { sessionStoreFor } from "@/lib/auth/stores";
import type { SessionStoreName } from "@/lib/auth/mode";
import { hybridClaimsFor, sealHybridToken, sessionBinding } from "@/lib/auth/tokens/hybrid-token";

// Differential test: every cookie is read by Auth.js's auth() and by the lean path, with the clock
// frozen and the database put back in the same state before each read. Both must answer the same:
// signed in or not, the same DTO, the same credential. Cases come from a seeded generator.

const CURRENT = "lean-read-current-secret-long-enough-000000000";
const PREVIOUS = "lean-read-previous-secret-long-enough-00000000";
const STRANGER = "lean-read-strangers-secret-long-enough-0000000";
const COOKIE = sessionCookieName(false);
const JWT_MAX_AGE = 3600;
const DAY = 24 * 60 * 60;

const envs = {
  checkOff: envWith({
    AUTH_SECRET: CURRENT,
    AUTH_PREVIOUS_SECRETS: PREVIOUS,
    AUTH_JWT_REVOCATION_CHECK: "off",
    AUTH_JWT_MAX_AGE: `${JWT_MAX_AGE}`,
  }),
  checkOn: envWith({
    AUTH_SECRET: CURRENT,
    AUTH_PREVIOUS_SECRETS: PREVIOUS,
    AUTH_JWT_REVOCATION_CHECK: "on",
    AUTH_JWT_MAX_AGE: `${JWT_MAX_AGE}`,
  }),
  oneSecret: envWith({
    AUTH_SECRET: CURRENT,
    AUTH_PREVIOUS_SECRETS: "",
    AUTH_JWT_REVOCATION_CHECK: "off",
    AUTH_JWT_MAX_AGE: `${JWT_MAX_AGE}`,
  }),
} satisfies Record<string, Env>;

/** A small seeded generator, so a failure names a case that comes back on the next run. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
type Random = ReturnType<typeof seededRandom>;

type Case = {
  label: string;
  env: Env;
  /** The request's Cookie header. */
  cookieHeader: string;
  /** Puts the database back in the state this case reads; returns the id its session got, if it has one. */
  reset?: () => Promise<string | undefined>;
};

// In the future, so that Redis, whose TTLs run on the real clock, keeps every key the frozen clock still calls live.
const NOW = Math.floor(Date.UTC(2030, 10, 26, 12, 0, 0) / 1000);
const users: { id: string; name: string | null; email: string; image: string | null }[] = [];
const grants = { live: "", revoked: "", ended: "", liveOther: "" };

function tamper(value: string, random: Random): string {
  const index = random.int(value.length);
  const replacement = value[index] === "A" ? "B" : "A";
  return value.slice(0, index) + replacement + value.slice(index + 1);
}

/** Any printable ASCII but ";" (which would end the cookie): what a hostile client can put in a Cookie header. */
function printableGarbage(length: number, random: Random): string {
  return Array.from({ length }, () => String.fromCharCode(0x20 + random.int(0x5f)))
    .join("")
    .replace(/;/g, ":");
}

function modeCookie(mode: string): string {
  return `${MODE_COOKIE_NAME}=${mode}`;
}

/** The session cookie as a browser would send it: whole, chunked, or with its chunks mangled. */
function sessionCookies(value: string, shape: string, random: Random): string {
  const chunks = chunkSessionCookie(COOKIE, value);
  const forced =
    chunks.length > 1
      ? chunks
      : [
          { name: `${COOKIE}.0`, value: value.slice(0, Math.ceil(value.length / 2)) },
          { name: `${COOKIE}.1`, value: value.slice(Math.ceil(value.length / 2)) },
        ];
  const pairs = (list: { name: string; value: string }[]) => list.map((chunk) => `${chunk.name}=${chunk.value}`).join("; ");
  switch (shape) {
    case "chunked":
      return pairs(forced);
    case "chunks-reversed":
      return pairs([...forced].reverse());
    case "chunk-missing":
      return pairs(forced.filter((_, index) => index !== random.int(forced.length)));
    case "chunk-extra":
      return `${pairs(forced)}; ${COOKIE}.${forced.length}=${randomBytes(8).toString("base64url")}`;
    case "chunk-duplicated":
      return `${pairs(forced)}; ${forced[0]?.name ?? COOKIE}=${randomBytes(8).toString("base64url")}`;
    case "whole-and-chunk":
      return `${COOKIE}=${value}; ${COOKIE}.1=${randomBytes(8).toString("base64url")}`;
    case "quoted-spaces":
      return `  ${COOKIE} =  ${value}  `;
    default:
      return pairs(chunks);
  }
}

const SHAPES = [
  "whole",
  "whole",
  "whole",
  "chunked",
  "chunks-reversed",
  "chunk-missing",
  "chunk-extra",
  "chunk-duplicated",
  "whole-and-chunk",
  "quoted-spaces",
];

type TokenPlan = {
  encryption: "A256CBC-HS512" | "A256GCM";
  secret: string;
  claims: Record<string, unknown>;
  /** exp, seconds from NOW. */
  expiresIn: number;
};

async function sealToken(plan: TokenPlan): Promise<string> {
  if (plan.encryption === "A256GCM") {
    return sealSessionToken(plan.claims, deriveSessionKeyRing([plan.secret], COOKIE), NOW + plan.expiresIn, NOW - 60);
  }
  vi.setSystemTime((NOW - 60) * 1000);
  // Auth.js's own encode: exp = now + maxAge, with the clock set back a minute to when it was issued.
  return encode({ token: plan.claims, secret: plan.secret, salt: COOKIE, maxAge: plan.expiresIn + 60 });
}

async function jwtCase(random: Random, index: number): Promise<Case> {
  const user = random.pick(users);
  // Nearly half the cases vary only what a valid token may vary, so that both answers come often.
  const valid = random.next() < 0.45;
  const sidKind = valid ? "live" : random.pick(["live", "live", "revoked", "ended", "unknown", "missing", "liveOther"] as const);
  const renewedAge = random.pick([10, RENEWAL_INTERVAL_SECONDS - 5, RENEWAL_INTERVAL_SECONDS + 5, 2000, undefined]);
  const authAge = valid
    ? random.pick([100, 10 * DAY])
    : random.pick([100, 10 * DAY, SESSION_MAX_AGE_SECONDS - 30, SESSION_MAX_AGE_SECONDS + 30]);
  const expiresIn = valid ? random.pick([3000, 600, 5, -5, -14]) : random.pick([3000, 600, 5, -5, -14, -16, -100, -4000]);
  const secret = valid ? random.pick([CURRENT, PREVIOUS]) : random.pick([CURRENT, CURRENT, CURRENT, PREVIOUS, STRANGER]);
  const encryption = random.pick(["A256CBC-HS512", "A256GCM"] as const);
  const oversize = random.next() < 0.08;
  const claims: Record<string, unknown> = {
    sub: !valid && random.next() < 0.1 ? undefined : user.id,
    name: oversize ? "N".repeat(4500 + random.int(3000)) : user.name,
    email: user.email,
    picture: user.image,
    authTime: NOW - authAge,
    ...(renewedAge === undefined ? {} : { renewedAt: NOW - renewedAge }),
    ...(sidKind === "missing" ? {} : { sid: sidKind === "unknown" ? "c-unknown-grant" : grants[sidKind] }),
  };
  let value = await sealToken({ encryption, secret, claims, expiresIn });
  const damage = valid ? "none" : random.pick(["none", "none", "none", "tamper", "truncate", "garbage", "dots"]);
  if (damage === "tamper") value = tamper(value, random);
  if (damage === "truncate") value = value.slice(0, random.int(value.length));
  if (damage === "garbage") value = printableGarbage(1 + random.int(200), random);
  if (damage === "dots")
    value = value
      .split(".")
      .slice(0, 1 + random.int(6))
      .join(".");
  const shape = valid ? random.pick(["whole", "chunked", "chunks-reversed"]) : random.pick(SHAPES);
  const env = valid
    ? random.pick([envs.checkOff, envs.checkOn])
    : random.pick([envs.checkOff, envs.checkOff, envs.checkOn, envs.oneSecret]);
  const mode = valid ? "jwt" : random.pick(["jwt", "jwt", "jwt", "JWT", "tokens", ""]);
  const label = `jwt #${index}: ${encryption} ${secret === CURRENT ? "current" : secret === PREVIOUS ? "previous" : "stranger's"} secret, sid ${sidKind}, renewed ${renewedAge ?? "never"} s ago, signed in ${authAge} s ago, exp ${expiresIn} s, ${damage}, ${shape}, check ${env === envs.checkOn ? "on" : "off"}, mode "${mode}"${oversize ? ", oversize" : ""}`;
  return { label, env, cookieHeader: `${modeCookie(mode)}; ${sessionCookies(value, shape, random)}` };
}

type RowPlan = {
  id: string;
  token: string;
  userId: string;
  expiresIn: number;
  authAge: number;
  lastActiveAge: number | null;
} | null;

/** Puts the case's session in its store (or removes it) and returns the id it got there. */
async function writeRow(plan: RowPlan, token: string, storeName: SessionStoreName): Promise<string | undefined> {
  const tokenHash = hashSessionToken(token);
  if (storeName !== "postgres") {
    const store = sessionStoreFor(storeName);
    await store.deleteByHash(tokenHash);
    if (!plan) return undefined;
    const user = users.find((candidate) => candidate.id === plan.userId);
    if (!user) throw new Error("A planned session for an unknown test user");
    const created = await store.create({
      tokenHash,
      user,
      expires: new Date((NOW + plan.expiresIn) * 1000),
      authenticatedAt: new Date((NOW - plan.authAge) * 1000),
      lastActiveAt: plan.lastActiveAge === null ? null : new Date((NOW - plan.lastActiveAge) * 1000),
      userAgent: null,
      ipAddress: null,
    });
    return created.id;
  }
  await prisma().session.deleteMany({ where: { sessionToken: tokenHash } });
  if (!plan) return undefined;
  await prisma().session.create({
    data: {
      id: plan.id,
      sessionToken: tokenHash,
      userId: plan.userId,
      expires: new Date((NOW + plan.expiresIn) * 1000),
      authenticatedAt: new Date((NOW - plan.authAge) * 1000),
      lastActiveAt: plan.lastActiveAge === null ? null : new Date((NOW - plan.lastActiveAge) * 1000),
    },
  });
  return plan.id;
}

function databaseCase(random: Random, index: number): Case {
  const token = newSessionToken();
  const user = random.pick(users);
  const rowKind = random.pick(["present", "present", "present", "present", "deleted"] as const);
  const expiresIn = random.pick([
    SESSION_MAX_AGE_SECONDS - 10,
    SESSION_MAX_AGE_SECONDS - SESSION_UPDATE_AGE_SECONDS + 10,
    SESSION_MAX_AGE_SECONDS - SESSION_UPDATE_AGE_SECONDS - 10,
    5 * DAY,
    30,
    -1,
    -DAY,
  ]);
  const authAge = random.pick([60, 10 * DAY, SESSION_MAX_AGE_SECONDS - 5, SESSION_MAX_AGE_SECONDS + 5]);
  const lastActiveAge = random.pick([null, 10, 299, 301, DAY]);
  const plan: RowPlan =
    rowKind === "deleted"
      ? null
      : {
          id: `lean-read-row-${index}-${randomBytes(4).toString("hex")}`,
          token,
          userId: user.id,
          expiresIn,
          authAge,
          lastActiveAge,
        };
  let value = token;
  const damage = random.pick(["none", "none", "none", "none", "tamper", "truncate", "garbage", "jwe-shaped"]);
  if (damage === "tamper") value = tamper(value, random);
  if (damage === "truncate") value = value.slice(0, random.int(value.length));
  if (damage === "garbage") value = randomBytes(1 + random.int(100)).toString(random.pick(["base64url", "hex"] as const));
  if (damage === "jwe-shaped") value = `eyJhbGciOiJkaXIifQ..${value}.${value}.${value}`;
  const shape = random.pick(SHAPES);
  // Redis and memory too: both paths must read every store alike.
  const storeName = random.pick(["postgres", "postgres", "redis", "memory"] as const);
  const mode =
    storeName === "postgres"
      ? random.pick(["database", "database", "database:postgres", "database:mongo", "", "sessions"])
      : `database:${storeName}`;
  const env = random.pick([envs.checkOff, envs.checkOn]);
  const label = `database #${index} (${storeName}): row ${rowKind}, expires in ${expiresIn} s, signed in ${authAge} s ago, last active ${lastActiveAge ?? "never"}, ${damage}, ${shape}, mode "${mode}"`;
  return {
    label,
    env,
    cookieHeader: `${modeCookie(mode)}; ${sessionCookies(value, shape, random)}`,
    reset: () => writeRow(plan, token, storeName),
  };
}

const HYBRID_TOKEN = hybridTokenCookieName(false);
const HYBRID_TTL = 60;

/**
 * A hybrid-mode cookie pair: a session in one of the stores (or deleted), and beside it a hybrid token that is
 * valid, missing, expired, tampered, sealed with another or a previous secret, issued for another store or
 * another session cookie, a jwt-mode token, or garbage. A valid token answers without the store on both paths.
 */
function hybridCase(random: Random, index: number): Case {
  const token = newSessionToken();
  const user = random.pick(users);
  const storeName = random.pick(["postgres", "redis", "memory"] as const);
  const rowKind = random.pick(["present", "present", "present", "deleted"] as const);
  const expiresIn = random.pick([SESSION_MAX_AGE_SECONDS - 10, 5 * DAY, 30, -1]);
  const plan: RowPlan =
    rowKind === "deleted"
      ? null
      : {
          id: `lean-read-hybrid-${index}-${randomBytes(4).toString("hex")}`,
          token,
          userId: user.id,
          expiresIn,
          authAge: random.pick([60, 10 * DAY]),
          lastActiveAge: random.pick([null, 10, DAY]),
        };
  const tokenKind = random.pick([
    "none",
    "valid",
    "valid",
    "valid",
    "previous-secret",
    "expired",
    "tampered",
    "stranger-secret",
    "other-store",
    "other-cookie",
    "jwt-mode",
    "garbage",
  ] as const);
  const otherStore = storeName === "postgres" ? "redis" : "postgres";
  const claims = hybridClaimsFor({
    user,
    sessionRowId: `hybrid-sid-${index}`,
    store: tokenKind === "other-store" ? otherStore : storeName,
    boundTo: sessionBinding(tokenKind === "other-cookie" ? newSessionToken() : token),
    sessionExpires: new Date((NOW + expiresIn) * 1000),
    sessionEndsAt: new Date((NOW + Math.min(expiresIn, DAY)) * 1000),
  });
  const secret = tokenKind === "stranger-secret" ? STRANGER : tokenKind === "previous-secret" ? PREVIOUS : CURRENT;
  const issuedAt = tokenKind === "expired" ? NOW - 2 * HYBRID_TTL : NOW - 10;
  const sealed = sealHybridToken(claims, [secret], HYBRID_TTL, issuedAt);
  const hybridToken =
    tokenKind === "none"
      ? undefined
      : tokenKind === "garbage"
        ? printableGarbage(1 + random.int(200), random)
        : tokenKind === "tampered"
          ? tamper(sealed, random)
          : tokenKind === "jwt-mode"
            ? sealSessionToken({ ...claims, authTime: NOW - 60 }, deriveSessionKeyRing([CURRENT], COOKIE), NOW + 600, NOW - 10)
            : sealed;
  const shape = random.pick(["whole", "whole", "chunked", ...SHAPES]);
  const mode = storeName === "postgres" ? random.pick(["hybrid", "hybrid", "hybrid:postgres"]) : `hybrid:${storeName}`;
  const env = random.pick([envs.checkOff, envs.checkOn, envs.oneSecret]);
  const label = `hybrid #${index} (${storeName}): row ${rowKind}, expires in ${expiresIn} s, token ${tokenKind}, ${shape}, mode "${mode}"`;
  const tokenCookie = hybridToken === undefined ? "" : `; ${HYBRID_TOKEN}=${hybridToken}`;
  return {
    label,
    env,
    cookieHeader: `${modeCookie(mode)}; ${sessionCookies(token, shape, random)}${tokenCookie}`,
    reset: () => writeRow(plan, token, storeName),
  };
}

/**
 * What the two paths must agree on: the answer, the DTO and the credential; never the cost or the cookies they
 * set. A store that makes its own ids gives the session a new one at each reset: it must be the one just written.
 */
function comparable(current: CurrentSession, writtenId: string | undefined) {
  if (current.status !== "signed-in") return { status: current.status, mode: current.mode, store: current.store };
  const { credential } = current;
  return {
    status: current.status,
    mode: current.mode,
    store: current.store,
    session: current.session,
    credential:
      credential.kind === "session"
        ? {
            kind: credential.kind,
            sessionRowId: credential.sessionRowId === writtenId ? "the session just written" : credential.sessionRowId,
            expires: credential.expires.toISOString(),
          }
        : {
            kind: credential.kind,
            tokenSid: credential.tokenSid,
            sub: credential.claims.sub,
            exp: credential.claims.exp,
            renewedAt: credential.claims.renewedAt,
          },
  };
}

async function readBothWays(testCase: Case) {
  const headers = new Headers({ cookie: testCase.cookieHeader });
  vi.setSystemTime(NOW * 1000);
  const authjsId = await testCase.reset?.();
  const authjs = await readSession(headers, "authjs", testCase.env);
  vi.setSystemTime(NOW * 1000);
  const leanId = await testCase.reset?.();
  const lean = await readSession(headers, "lean", testCase.env);
  return { authjs, authjsId, lean, leanId };
}

beforeAll(async () => {
  // Auth.js logs every unreadable token it meets; here that is most of the generated ones.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW * 1000);
  const names = [null, "Ada Lovelace", "Émile Zola ✓", ""];
  for (let index = 0; index < 4; index += 1) {
    users.push(
      await prisma().user.create({
        data: {
          email: `lean-read-${index}-${randomBytes(4).toString("hex")}@example.com`,
          name: names[index] ?? null,
          image: index % 2 === 0 ? null : "https://example.com/a.png",
        },
        select: { id: true, name: true, email: true, image: true },
      }),
    );
  }
  const grant = (userId: string, authAge: number) =>
    prisma().issuedToken.create({ data: { userId, expiresAt: new Date((NOW - authAge + SESSION_MAX_AGE_SECONDS) * 1000) } });
  const owner = users[0]!.id;
  grants.live = (await grant(owner, 100)).id;
  grants.liveOther = (await grant(users[1]!.id, 100)).id;
  grants.ended = (await grant(owner, SESSION_MAX_AGE_SECONDS + 10)).id;
  grants.revoked = (
    await prisma().issuedToken.update({
      where: { id: (await grant(owner, 100)).id },
      data: { revokedAt: new Date((NOW - 50) * 1000) },
    })
  ).id;
});

afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Reads every case both ways; the mismatches (at most five, to keep a failure readable) and how often each answer came. */
async function compareAll(cases: Case[]) {
  const outcomes = { "signed-in": 0, "signed-out": 0, "store-unavailable": 0 };
  const signedInByStore = new Map<string, number>();
  const mismatches: string[] = [];
  for (const testCase of cases) {
    const { authjs, authjsId, lean, leanId } = await readBothWays(testCase);
    outcomes[authjs.status] += 1;
    if (authjs.status === "signed-in")
      signedInByStore.set(String(authjs.store), (signedInByStore.get(String(authjs.store)) ?? 0) + 1);
    const [expected, actual] = [comparable(authjs, authjsId), comparable(lean, leanId)];
    if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      mismatches.push(`${testCase.label}\n  Auth.js: ${JSON.stringify(expected)}\n  lean:    ${JSON.stringify(actual)}`);
    }
  }
  return { outcomes, signedInByStore, mismatches: mismatches.slice(0, 5).join("\n") };
}

const DIFFERENTIAL_TIMEOUT_MS = 180_000;

// 1,300 + 1,060 + 600 + 100 = 3,060 cookies in all.
describe("the lean read and Auth.js's read answer the same", () => {
  it("for 1,300 generated jwt-mode cookies", { timeout: DIFFERENTIAL_TIMEOUT_MS }, async () => {
    const random = seededRandom(20261126);
    const cases: Case[] = [];
    for (let index = 0; index < 1300; index += 1) cases.push(await jwtCase(random, index));
    const { outcomes, mismatches } = await compareAll(cases);
    expect(mismatches).toBe("");
    // The generator must reach both answers often, or agreeing would prove little.
    expect(outcomes["signed-in"]).toBeGreaterThan(150);
    expect(outcomes["signed-out"]).toBeGreaterThan(500);
  });

  it("for 1,060 generated database-mode cookies, in every session store", { timeout: DIFFERENTIAL_TIMEOUT_MS }, async () => {
    const random = seededRandom(11262026);
    const cases = Array.from({ length: 1060 }, (_, index) => databaseCase(random, index));
    const { outcomes, signedInByStore, mismatches } = await compareAll(cases);
    expect(mismatches).toBe("");
    // Fewer than the jwt run: a cookie sent with a chunk twice ("chunk-duplicated") is signed out on both paths.
    expect(outcomes["signed-in"]).toBeGreaterThan(120);
    for (const store of ["postgres", "redis", "memory"]) expect(signedInByStore.get(store)).toBeGreaterThan(25);
    expect(outcomes["signed-out"]).toBeGreaterThan(300);
  });

  it("for 600 generated hybrid-mode cookie pairs, in every session store", { timeout: DIFFERENTIAL_TIMEOUT_MS }, async () => {
    const random = seededRandom(27112026);
    const cases = Array.from({ length: 600 }, (_, index) => hybridCase(random, index));
    const { outcomes, signedInByStore, mismatches } = await compareAll(cases);
    expect(mismatches).toBe("");
    expect(outcomes["signed-in"]).toBeGreaterThan(150);
    for (const store of ["postgres", "redis", "memory"]) expect(signedInByStore.get(store)).toBeGreaterThan(40);
    expect(outcomes["signed-out"]).toBeGreaterThan(60);
  });

  it(
    "for 100 cookies that are missing, empty, garbage or oversize, in known and unknown modes",
    { timeout: DIFFERENTIAL_TIMEOUT_MS },
    async () => {
      const random = seededRandom(7);
      const cases: Case[] = [];
      for (const mode of ["jwt", "database", "", "%ff", "jwt%00"]) {
        for (const env of Object.values(envs)) {
          cases.push({ label: `no session cookie, mode "${mode}"`, env, cookieHeader: modeCookie(mode) });
          cases.push({ label: `empty session cookie, mode "${mode}"`, env, cookieHeader: `${modeCookie(mode)}; ${COOKIE}=` });
          cases.push({ label: `garbage header, mode "${mode}"`, env, cookieHeader: `${modeCookie(mode)}; ;;=;${COOKIE}` });
          cases.push({
            label: `printable garbage, mode "${mode}"`,
            env,
            cookieHeader: `${modeCookie(mode)}; ${COOKIE}=${printableGarbage(300, random)}`,
          });
        }
      }
      for (let index = 0; index < 40; index += 1) {
        const value = randomBytes(5000 + random.int(20000)).toString("base64url");
        cases.push({
          label: `oversize garbage #${index}`,
          env: envs.checkOff,
          cookieHeader: `${modeCookie(random.pick(["jwt", "database"]))}; ${sessionCookies(value, "whole", random)}`,
        });
      }
      const { outcomes, mismatches } = await compareAll(cases);
      expect(cases).toHaveLength(100);
      expect(mismatches).toBe("");
      expect(outcomes["signed-out"]).toBe(100);
    },
  );
});
