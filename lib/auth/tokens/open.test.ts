import { createCipheriv, randomBytes } from "node:crypto";
import { decode, encode } from "@auth/core/jwt";
import { hkdf } from "@panva/hkdf";
import { base64url, calculateJwkThumbprint, EncryptJWT, jwtDecrypt } from "jose";
import { describe, expect, it } from "vitest";
import { deriveSessionKeyRing, type SessionTokenEncryption } from "@/lib/auth/tokens/keys";
import { openSessionToken, openSessionTokenExplained } from "@/lib/auth/tokens/open";

// Differential test: every token is opened by Auth.js's decode, by jose directly, and by the lean
// reader; all three must agree. Keys for the generators come from @panva/hkdf and jose, not from
// the code under test.
const SALT = "authjs.session-token";
const CURRENT = "current-secret-that-is-long-enough-0000000000";
const PREVIOUS = "previous-secret-that-is-long-enough-000000000";
const STRANGER = "someone-elses-secret-that-is-long-enough-0000";
const RING = [CURRENT, PREVIOUS];

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function keyOf(secret: string, encryption: SessionTokenEncryption, salt = SALT) {
  const key = await hkdf(
    "sha256",
    secret,
    salt,
    `Auth.js Generated Encryption Key (${salt})`,
    encryption === "A256GCM" ? 32 : 64,
  );
  const kid = await calculateJwkThumbprint(
    { kty: "oct", k: base64url.encode(key) },
    encryption === "A256GCM" ? "sha256" : "sha512",
  );
  return { key, kid };
}

/** A compact JWE sealed by hand with AES-256-GCM, so that any header and any plaintext can be tried. */
function sealGcm(header: unknown, plaintext: Buffer, key: Uint8Array): string {
  const headerPart = Buffer.from(typeof header === "string" ? header : JSON.stringify(header)).toString("base64url");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(headerPart, "ascii"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [
    headerPart,
    "",
    iv.toString("base64url"),
    ciphertext.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(".");
}

/** jose on its own, resolving the key the way Auth.js does (by kid among the secrets, else the first). */
async function openWithJose(token: string): Promise<unknown> {
  const { payload } = await jwtDecrypt(
    token,
    async ({ kid, enc }) => {
      const encryption = enc as SessionTokenEncryption;
      for (const secret of RING) {
        const { key, kid: thumbprint } = await keyOf(secret, encryption);
        if (kid === undefined || kid === thumbprint) return key;
      }
      throw new Error("no key");
    },
    {
      clockTolerance: 15,
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256CBC-HS512", "A256GCM"],
      maxDecompressedLength: 0,
    },
  );
  return payload;
}

let seed = 7;
const random = (max: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % max;
};
const BASE64URL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** One character of one part changed. */
function tamper(token: string): string {
  const index = random(token.length);
  if (token[index] === ".") return `${token}A`;
  const replacement = BASE64URL_CHARS[(BASE64URL_CHARS.indexOf(token[index]!) + 1 + random(63)) % 64]!;
  return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
}

function claims(extra: Record<string, unknown> = {}) {
  const now = nowSeconds();
  return {
    sub: `c${random(1e9)}`,
    name: "Ada",
    email: "ada@example.com",
    picture: null,
    sid: `s${random(1e9)}`,
    authTime: now,
    renewedAt: now,
    ...extra,
  };
}

/** Tokens of every kind the issue lists, and the corner cases of the format. */
async function generateTokens(): Promise<{ kind: string; token: string }[]> {
  const current = { gcm: await keyOf(CURRENT, "A256GCM"), cbc: await keyOf(CURRENT, "A256CBC-HS512") };
  const previous = { gcm: await keyOf(PREVIOUS, "A256GCM") };
  const stranger = { gcm: await keyOf(STRANGER, "A256GCM") };
  const gcmJwt = (key: Uint8Array, header: Record<string, unknown>, payload: Record<string, unknown>, maxAge = 3600) =>
    new EncryptJWT(payload)
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", ...header })
      .setIssuedAt()
      .setExpirationTime(nowSeconds() + maxAge)
      .encrypt(key);
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const makers: [string, () => Promise<string> | string][] = [
    ["Auth.js CBC, current secret", () => encode({ token: claims(), secret: CURRENT, salt: SALT, maxAge: 3600 })],
    ["Auth.js CBC, previous secret (rotated)", () => encode({ token: claims(), secret: PREVIOUS, salt: SALT, maxAge: 3600 })],
    ["Auth.js CBC, wrong key", () => encode({ token: claims(), secret: STRANGER, salt: SALT, maxAge: 3600 })],
    ["Auth.js CBC, other cookie name", () => encode({ token: claims(), secret: CURRENT, salt: "other-cookie", maxAge: 3600 })],
    ["Auth.js CBC, expired", () => encode({ token: claims(), secret: CURRENT, salt: SALT, maxAge: -100 })],
    ["Auth.js CBC, expired within tolerance", () => encode({ token: claims(), secret: CURRENT, salt: SALT, maxAge: -8 })],
    ["Auth.js CBC, tampered", async () => tamper(await encode({ token: claims(), secret: CURRENT, salt: SALT, maxAge: 3600 }))],
    ["GCM with kid, current", () => gcmJwt(current.gcm.key, { kid: current.gcm.kid }, claims())],
    ["GCM with kid, previous (rotated)", () => gcmJwt(previous.gcm.key, { kid: previous.gcm.kid }, claims())],
    ["GCM without kid, current", () => gcmJwt(current.gcm.key, {}, claims())],
    ["GCM without kid, previous", () => gcmJwt(previous.gcm.key, {}, claims())],
    ["GCM, wrong key", () => gcmJwt(stranger.gcm.key, { kid: stranger.gcm.kid }, claims())],
    ["GCM, kid of one secret, sealed with another", () => gcmJwt(previous.gcm.key, { kid: current.gcm.kid }, claims())],
    ["GCM, expired", () => gcmJwt(current.gcm.key, { kid: current.gcm.kid }, claims(), -100)],
    ["GCM, expired beyond tolerance", () => gcmJwt(current.gcm.key, { kid: current.gcm.kid }, claims(), -20)],
    ["GCM, not yet valid", () => gcmJwt(current.gcm.key, { kid: current.gcm.kid }, claims({ nbf: nowSeconds() + 100 }))],
    ["GCM, nbf within tolerance", () => gcmJwt(current.gcm.key, { kid: current.gcm.kid }, claims({ nbf: nowSeconds() + 8 }))],
    ["GCM, tampered", async () => tamper(await gcmJwt(current.gcm.key, { kid: current.gcm.kid }, claims()))],
    [
      "GCM, revoked-grant claims (a valid token: the grant is checked elsewhere)",
      () => gcmJwt(current.gcm.key, { kid: current.gcm.kid }, claims({ sid: "revoked" })),
    ],
    [
      "hand-sealed GCM, valid",
      () =>
        sealGcm(
          { alg: "dir", enc: "A256GCM", kid: current.gcm.kid },
          json({ ...claims(), exp: nowSeconds() + 60 }),
          current.gcm.key,
        ),
    ],
    ["hand-sealed, crit", () => sealGcm({ alg: "dir", enc: "A256GCM", crit: ["exp"], exp: 1 }, json(claims()), current.gcm.key)],
    ["hand-sealed, alg A256KW", () => sealGcm({ alg: "A256KW", enc: "A256GCM" }, json(claims()), current.gcm.key)],
    ["hand-sealed, enc A128GCM", () => sealGcm({ alg: "dir", enc: "A128GCM" }, json(claims()), current.gcm.key)],
    ["hand-sealed, no enc", () => sealGcm({ alg: "dir" }, json(claims()), current.gcm.key)],
    ["hand-sealed, header an array", () => sealGcm("[1]", json(claims()), current.gcm.key)],
    ["hand-sealed, header not JSON", () => sealGcm("{alg:dir", json(claims()), current.gcm.key)],
    ["hand-sealed, claims an array", () => sealGcm({ alg: "dir", enc: "A256GCM" }, json([1, 2]), current.gcm.key)],
    ["hand-sealed, claims a string", () => sealGcm({ alg: "dir", enc: "A256GCM" }, json("ada"), current.gcm.key)],
    [
      "hand-sealed, claims not UTF-8",
      () => sealGcm({ alg: "dir", enc: "A256GCM" }, Buffer.from([0x7b, 0xff, 0x7d]), current.gcm.key),
    ],
    ["hand-sealed, iat a string", () => sealGcm({ alg: "dir", enc: "A256GCM" }, json(claims({ iat: "now" })), current.gcm.key)],
    ["hand-sealed, exp a string", () => sealGcm({ alg: "dir", enc: "A256GCM" }, json(claims({ exp: "never" })), current.gcm.key)],
    ["hand-sealed, no exp at all", () => sealGcm({ alg: "dir", enc: "A256GCM" }, json(claims()), current.gcm.key)],
    [
      "hand-sealed, header sub disagrees",
      () => sealGcm({ alg: "dir", enc: "A256GCM", sub: "someone-else" }, json(claims()), current.gcm.key),
    ],
    [
      "hand-sealed, header sub agrees",
      () => sealGcm({ alg: "dir", enc: "A256GCM", sub: "c1" }, json(claims({ sub: "c1" })), current.gcm.key),
    ],
    [
      "alg none",
      () =>
        `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.`,
    ],
    ["four parts", async () => (await gcmJwt(current.gcm.key, {}, claims())).split(".").slice(0, 4).join(".")],
    ["six parts", async () => `${await gcmJwt(current.gcm.key, {}, claims())}.AAAA`],
    ["an encrypted key where none belongs", async () => (await gcmJwt(current.gcm.key, {}, claims())).replace("..", ".AAAA.")],
    [
      "whitespace inside the ciphertext",
      async () => {
        const parts = (await gcmJwt(current.gcm.key, {}, claims())).split(".");
        parts[3] = `${parts[3]!.slice(0, 4)} ${parts[3]!.slice(4)}`;
        return parts.join(".");
      },
    ],
    [
      "standard base64 characters",
      async () => (await gcmJwt(current.gcm.key, {}, claims())).replace(/-/g, "+").replace(/_/g, "/"),
    ],
    [
      "a part of length 4n+1",
      async () => {
        const parts = (await encode({ token: claims(), secret: CURRENT, salt: SALT, maxAge: 3600 })).split(".");
        parts[4] = `${parts[4]!}A`;
        return parts.join(".");
      },
    ],
    [
      "short IV",
      async () => {
        const parts = (await gcmJwt(current.gcm.key, {}, claims())).split(".");
        parts[2] = parts[2]!.slice(0, 8);
        return parts.join(".");
      },
    ],
    ["oversize", () => "A".repeat(5000)],
    ["garbage", () => randomBytes(1 + random(200)).toString("base64url")],
    ["empty", () => ""],
    ["dots only", () => "...."],
  ];
  const tokens: { kind: string; token: string }[] = [];
  for (let round = 0; tokens.length < 2100; round += 1) {
    for (const [kind, make] of makers) tokens.push({ kind, token: await make() });
  }
  return tokens;
}

describe("openSessionToken, against Auth.js's decode and jose", () => {
  it("gives the same answer as both for 2,000+ tokens of every kind", async () => {
    const ring = deriveSessionKeyRing(RING, SALT);
    const tokens = await generateTokens();
    const disagreements: string[] = [];
    const outcomes = { opened: 0, refused: 0 };
    for (const { kind, token } of tokens) {
      const byAuthJs = await decode({ token, secret: RING, salt: SALT }).catch(() => null);
      const byJose = await openWithJose(token).catch(() => null);
      const byLean = openSessionToken(token, ring);
      outcomes[byLean ? "opened" : "refused"] += 1;
      if (JSON.stringify(byLean) !== JSON.stringify(byAuthJs) || JSON.stringify(byLean) !== JSON.stringify(byJose)) {
        disagreements.push(
          `${kind}: lean ${byLean ? "opened" : "refused"}, Auth.js ${byAuthJs ? "opened" : "refused"}, jose ${byJose ? "opened" : "refused"}`,
        );
      }
    }
    expect(tokens.length).toBeGreaterThanOrEqual(2000);
    expect([...new Set(disagreements)]).toEqual([]);
    // Both outcomes are well represented, so agreement is not agreement on "refuse everything".
    expect(outcomes.opened).toBeGreaterThan(500);
    expect(outcomes.refused).toBeGreaterThan(1000);
  });

  it("refuses a compressed token, which jose would inflate but this app never issues", async () => {
    const { key, kid } = await keyOf(CURRENT, "A256GCM");
    const token = sealGcm({ alg: "dir", enc: "A256GCM", kid, zip: "DEF" }, Buffer.from("not deflated"), key);
    expect(openSessionToken(token, deriveSessionKeyRing(RING, SALT))).toBeNull();
  });

  it("opens a current token without deriving any key", async () => {
    const ring = deriveSessionKeyRing(RING, SALT);
    const token = await encode({ token: { sub: "c1" }, secret: CURRENT, salt: SALT, maxAge: 60 });
    expect(openSessionToken(token, ring)).toMatchObject({ sub: "c1" });
  });
});

describe("sealSessionToken", () => {
  it("seals A256GCM tokens that Auth.js's decode, jose and the lean reader all open to the same claims", async () => {
    const { sealSessionToken } = await import("@/lib/auth/tokens/seal");
    const ring = deriveSessionKeyRing(RING, SALT);
    const { key } = await keyOf(CURRENT, "A256GCM");
    for (let index = 0; index < 50; index += 1) {
      const claims = { sub: `user-${index}`, name: "É".repeat(index), sid: `grant-${index}`, renewedAt: nowSeconds() };
      // One clock reading for the expiry sealed and the expiry expected: a second may tick in between.
      const expiresAt = nowSeconds() + 600;
      const token = sealSessionToken(claims, ring, expiresAt);
      const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8")) as Record<string, unknown>;
      expect(header).toEqual({ alg: "dir", enc: "A256GCM", kid: (await keyOf(CURRENT, "A256GCM")).kid });
      const byAuthjs = await decode({ token, secret: RING, salt: SALT });
      const byJose = (
        await jwtDecrypt(token, key, {
          clockTolerance: 15,
          keyManagementAlgorithms: ["dir"],
          contentEncryptionAlgorithms: ["A256GCM"],
        })
      ).payload;
      const byLean = openSessionToken(token, ring);
      expect(byAuthjs).toMatchObject({ ...claims, exp: expiresAt });
      expect(byJose).toEqual(byAuthjs);
      expect(byLean).toEqual(byAuthjs);
    }
  });
});

describe("the clock tolerance", () => {
  it("accepts a token Auth.js's 15 s past its expiry by default, and not a second past it with a tolerance of 0", async () => {
    const { sealSessionToken } = await import("@/lib/auth/tokens/seal");
    const ring = deriveSessionKeyRing(RING, SALT);
    const now = nowSeconds();
    const token = sealSessionToken({ sub: "person" }, ring, now - 10, now - 70);
    expect(openSessionTokenExplained(token, ring, now)).toMatchObject({ claims: { sub: "person", exp: now - 10 } });
    expect(openSessionTokenExplained(token, ring, now, { clockToleranceSeconds: 0 })).toEqual({ failure: "expired" });
    expect(openSessionTokenExplained(token, ring, now - 11, { clockToleranceSeconds: 0 })).toMatchObject({
      claims: { sub: "person" },
    });
    expect(openSessionTokenExplained(token, ring, now + 6)).toEqual({ failure: "expired" });
  });
});
