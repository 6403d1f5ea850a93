import "server-only";
import { encode, decode } from "next-auth/jwt";
import { prisma } from "@/lib/db/client";
import { defined } from "@/lib/defined";
import { newSessionToken } from "@/lib/auth/issue/session-cookie";
import { hashSessionToken } from "@/lib/auth/issue/token-hash";
import type { SessionDto } from "@/lib/auth/read/session-dto";
import { jweProtectedHeader } from "@/lib/lab/session-cookie-inspection";

export type ModeProbe = { cookieHeaderBytes: number; verifyUs: number; dbQueries: number; jweHeader?: Record<string, unknown> };

const SAMPLES = 5;

/** The median time of a few runs, in µs, so one cold connection or key derivation does not decide it. */
async function medianMicroseconds(operation: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < SAMPLES; index += 1) {
    const started = process.hrtime.bigint();
    await operation();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return defined(samples.sort((a, b) => a - b)[Math.floor(SAMPLES / 2)], "a median sample");
}

/** What a jwt-mode cookie for this person would weigh, and what opening it with the configured secrets costs (median of 5), measured now. */
export async function probeJwtMode(
  user: SessionDto["user"] | undefined,
  secrets: [string, ...string[]],
  cookieName: string,
): Promise<ModeProbe> {
  const claims = user
    ? { sub: user.id, name: user.name, email: user.email, picture: user.image }
    : { sub: "c000000000000000000000000", name: "Ada Lovelace", email: "ada@example.com", picture: null };
  const token = await encode({ token: claims, secret: secrets, salt: cookieName });
  return {
    cookieHeaderBytes: Buffer.byteLength(`${cookieName}=${token}`),
    verifyUs: await medianMicroseconds(() => decode({ token, secret: secrets, salt: cookieName })),
    dbQueries: 0,
    jweHeader: jweProtectedHeader(token),
  };
}

/** What a database-mode cookie weighs, and what the indexed session lookup costs (median of 5), measured now. */
export async function probeDatabaseMode(cookieName: string): Promise<ModeProbe> {
  const token = newSessionToken();
  const verifyUs = await medianMicroseconds(() =>
    prisma().session.findUnique({ where: { sessionToken: hashSessionToken(token) }, include: { user: true } }),
  );
  return { cookieHeaderBytes: Buffer.byteLength(`${cookieName}=${token}`), verifyUs, dbQueries: 1 };
}
