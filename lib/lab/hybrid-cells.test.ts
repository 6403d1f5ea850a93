import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { envWith } from "@/lib/testing/env-with";
import { issueDatabaseSession } from "@/lib/auth/session/issue";
import { sessionCookieName, MODE_COOKIE_NAME, hybridTokenCookieName, serializeCookie, type OutgoingCookie } from "@/lib/auth/cookies";
import { readSession } from "@/lib/auth/authjs/read";
import { sessionStoreFor } from "@/lib/auth/stores";
import { sampleHybridMode } from "@/lib/lab/other-mode-samples";
import { hybridBrowserCell, hybridWorkCell } from "@/lib/lab/hybrid-cells";

const env = envWith({ AUTH_SECRET: "hybrid-cells-secret-that-is-long-enough-00000", AUTH_HYBRID_TOKEN_TTL: "60" });
const SESSION = sessionCookieName(false);
const TOKEN = hybridTokenCookieName(false);

/** The hybrid token a read's Set-Cookie values write. */
function writtenToken(cookies: OutgoingCookie[]): string {
  const written = cookies.map(serializeCookie).find((cookie) => cookie.startsWith(`${TOKEN}=`) && !cookie.includes("Max-Age=0"));
  if (!written) throw new Error("the read issued no hybrid token");
  return written.slice(TOKEN.length + 1).split(";")[0] ?? "";
}

let user: { id: string; name: string | null; email: string | null; image: string | null };

beforeEach(async () => {
  user = await prisma().user.create({
    data: { email: `hybrid-cells-${randomUUID()}@example.com`, name: "Hybrid Cells" },
    select: { id: true, name: true, email: true, image: true },
  });
});

describe("the hybrid column's live cells", () => {
  it("says a read without a token looked the session up once, and a read with the token it issued touched no store", async () => {
    const { value } = await issueDatabaseSession(user.id, sessionStoreFor("postgres"));
    const sample = await sampleHybridMode(user, env.authSecrets, false, 60);
    const headers = (token?: string) =>
      new Headers({
        cookie: [`${MODE_COOKIE_NAME}=hybrid`, `${SESSION}=${value}`, ...(token ? [`${TOKEN}=${token}`] : [])].join("; "),
      });

    const miss = await readSession(headers(), "lean", env);
    expect(miss.status).toBe("signed-in");
    const missCell = hybridWorkCell(miss, sample, 60);
    expect(missCell.headline).toMatch(/^[\d,]+ µs · 1 query$/);
    expect(missCell.detail).toContain("looked the session up once");

    const token = writtenToken(miss.status === "signed-in" ? miss.sessionSetCookies : []);
    const hit = await readSession(headers(token), "lean", env);
    const hitCell = hybridWorkCell(hit, sample, 60);
    expect(hitCell.headline).toMatch(/^[\d,]+ µs · 0 queries$/);
    expect(hitCell.detail).toContain("a valid token answered it: no store read");

    // The sample pair weighs what a real pair for this person weighs (its ids and times are the same lengths).
    const realTokenBytes = Buffer.byteLength(`${TOKEN}=${token}`);
    expect(Math.abs(sample.tokenCookieBytes - realTokenBytes)).toBeLessThanOrEqual(4);
    expect(sample.sessionCookieBytes).toBe(Buffer.byteLength(`${SESSION}=${value}`));
  });

  it("shows another mode's browser a sample of both cookies and the cost of opening the token", async () => {
    const sample = await sampleHybridMode(user, env.authSecrets, false, 60);
    expect(sample.dbQueries).toBe(0);
    expect(sample.verifyUs).toBeGreaterThan(0);
    expect(sample.cookieHeaderBytes).toBe(sample.sessionCookieBytes + 2 + sample.tokenCookieBytes);
    const cell = hybridBrowserCell({ live: false, token: null, sample, signedIn: true, ttlSeconds: 60 });
    expect(cell.headline).toBe(
      `${sample.cookieHeaderBytes} bytes: session cookie ${sample.sessionCookieBytes} + token ${sample.tokenCookieBytes}`,
    );
    const databaseReader = await readSession(new Headers({ cookie: `${MODE_COOKIE_NAME}=database` }), "lean", env);
    const work = hybridWorkCell(databaseReader, sample, 60);
    expect(work.headline).toMatch(/^[\d,]+ µs · 0 queries on a token hit$/);
    expect(work.detail).toContain("a browser that reads all the time looks the session up about once per 1 minute");
  });
});
