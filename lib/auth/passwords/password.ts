import "server-only";
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
) => Promise<Buffer>;

export type ScryptCost = { N: number; r: number; p: number };

/** OWASP's scrypt minimum (Password Storage Cheat Sheet): 128 MiB and about 0.3 s per hash here. */
export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 64;
// A stored hash names its own cost; anything above this is refused rather than allowed to exhaust memory.
const LARGEST_ACCEPTED_COST: ScryptCost = { N: 2 ** 20, r: 16, p: 4 };

/** scrypt needs 128·N·r bytes; Node refuses above `maxmem` (32 MiB by default), so allow that plus headroom. */
function memoryFor(cost: ScryptCost): number {
  return 128 * cost.N * cost.r * 2;
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...cost, maxmem: memoryFor(cost) });
}

/** Hashes a password with scrypt into `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(password: string, cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, cost);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

type ParsedHash = { cost: ScryptCost; salt: Buffer; hash: Buffer };

function parseStoredHash(stored: string): ParsedHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash || rest.length > 0) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((value) => Number.isSafeInteger(value) && value >= 1)) return null;
  // scrypt wants N a power of two; the cap keeps a corrupt row from asking for gigabytes.
  if ((cost.N & (cost.N - 1)) !== 0 || cost.N < 2) return null;
  if (cost.N > LARGEST_ACCEPTED_COST.N || cost.r > LARGEST_ACCEPTED_COST.r || cost.p > LARGEST_ACCEPTED_COST.p) return null;
  const expected = Buffer.from(hash, "base64url");
  // A truncated hash would make scrypt derive (and match) an empty key.
  if (expected.length !== KEY_LENGTH) return null;
  return { cost, salt: Buffer.from(salt, "base64url"), hash: expected };
}

/** The scrypt cost a stored hash was made with; null when it is not a hash this module reads. */
export function passwordHashCost(stored: string): ScryptCost | null {
  return parseStoredHash(stored)?.cost ?? null;
}

/** Constant-time check of a password against a stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed) return false;
  return timingSafeEqual(await derive(password, parsed.salt, parsed.cost), parsed.hash);
}

/** Whether a hash was made with less work than today's cost, so the next sign-in should replace it. */
export function needsRehash(stored: string): boolean {
  const cost = passwordHashCost(stored);
  if (!cost) return false;
  return cost.N < PASSWORD_COST.N || cost.r < PASSWORD_COST.r || cost.p < PASSWORD_COST.p;
}

let dummyHash: Promise<string> | undefined;

/** A real hash at today's cost to verify against when the email is unknown, so timing does not reveal which emails exist. */
export function getDummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}
