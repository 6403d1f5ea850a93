import { encode, decode } from "next-auth/jwt";
import { prisma } from "@/lib/db/client";
import { defined } from "@/lib/defined";
import { seededToken } from "@/lib/lab/bench/sessions-table";
import { round, summarize } from "@/lib/lab/bench/stats";

const WARM_UP = 1000;

async function timeMicroseconds(iterations: number, operation: (index: number) => Promise<unknown>) {
  for (let index = 0; index < WARM_UP; index += 1) await operation(index);
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = process.hrtime.bigint();
    await operation(index);
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  const summary = summarize(samples);
  return { p50Us: round(summary.p50, 1), p95Us: round(summary.p95, 1), iterations };
}

/** Decrypting a session JWE, as Auth.js does on every jwt-mode read. */
export function measureJwtDecrypt(secret: string, iterations: number) {
  const salt = "authjs.session-token";
  const tokenPromise = encode({
    token: { sub: "c000000000000000000000000", name: "Bench", email: "bench@example.com" },
    secret,
    salt,
  });
  return tokenPromise.then((token) => timeMicroseconds(iterations, () => decode({ token, secret, salt })));
}

/** The database-mode read: one indexed lookup of a Session row joined to its user, as the adapter does. */
export function measureSessionLookup(storedTokens: readonly string[], iterations: number) {
  return timeMicroseconds(iterations, (index) =>
    prisma().session.findUnique({
      where: { sessionToken: defined(storedTokens[index % storedTokens.length], "a stored token to look up") },
      include: { user: true },
    }),
  );
}

/** Stored tokens of random seeded rows among the first `rows`. */
export function randomSeededTokens(rows: number, count: number): string[] {
  return Array.from({ length: count }, () => seededToken(1 + Math.floor(Math.random() * rows)));
}
