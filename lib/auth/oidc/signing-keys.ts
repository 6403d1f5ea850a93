import "server-only";
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { z } from "zod";

/** The one algorithm the provider signs access and ID tokens with (Ed25519). */
export const SIGNING_ALGORITHM = "EdDSA";

const privateJwkSchema = z
  .object({
    kty: z.literal("OKP"),
    crv: z.literal("Ed25519"),
    x: z.string(),
    d: z.string(),
    kid: z.string(),
    alg: z.literal("EdDSA"),
  })
  .strict();

const storedKeySchema = z.object({
  jwk: privateJwkSchema,
  createdAt: z.iso.datetime(),
  /** Published from creation; signs from here on (a rotation leaves verifiers time to fetch it first). */
  signsFrom: z.iso.datetime(),
  /** Set when a newer key takes over: kept published until every token this one signed has expired. */
  unpublishedAt: z.iso.datetime().optional(),
});

const keyFileSchema = z.object({ keys: z.array(storedKeySchema).min(1) });

export type StoredSigningKey = z.infer<typeof storedKeySchema>;
export type SigningKeyFile = z.infer<typeof keyFileSchema>;

/** What the provider is built with at one moment: the signing key first (it signs), then the others it publishes. */
export type Keystore = { keys: JWK[]; signingKid: string; publishedKids: string[]; nextChange: Date | undefined };

async function newSigningKey(signsFrom: Date, now: Date): Promise<StoredSigningKey> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return {
    jwk: privateJwkSchema.parse({ ...jwk, kid, alg: SIGNING_ALGORITHM }),
    createdAt: now.toISOString(),
    signsFrom: signsFrom.toISOString(),
  };
}

export async function readSigningKeys(file: string): Promise<SigningKeyFile> {
  const parsed = keyFileSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a signing key file: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

async function writeSigningKeys(file: string, contents: SigningKeyFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Written aside, then renamed: a server reading the file never sees half of it.
  const partial = `${file}.${randomBytes(6).toString("hex")}.partial`;
  await writeFile(partial, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
  await chmod(partial, 0o600);
  await rename(partial, file);
}

/** The key file, created with one key that signs at once when there is none yet (exclusively: two servers starting agree). */
export async function ensureSigningKeys(file: string, now = new Date()): Promise<{ created: boolean }> {
  const exists = await readFile(file, "utf8").then(
    () => true,
    () => false,
  );
  if (exists) return { created: false };
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${randomBytes(6).toString("hex")}.partial`;
  await writeFile(partial, `${JSON.stringify({ keys: [await newSigningKey(now, now)] }, null, 2)}\n`, { mode: 0o600 });
  await chmod(partial, 0o600);
  // A hard link fails if the file exists: of two servers creating it at once, one key wins and both read it.
  const created = await link(partial, file).then(
    () => true,
    (error: unknown) => {
      if (error instanceof Error && "code" in error && error.code === "EEXIST") return false;
      throw error;
    },
  );
  await unlink(partial);
  return { created };
}

/**
 * Adds a key that is published now and signs `publishSeconds` later; the key signing until then stays published
 * for `keepSeconds` more (the longest lifetime of a token it signed). Keys past that are dropped.
 */
export async function rotateSigningKeys(
  file: string,
  { publishSeconds, keepSeconds, now = new Date() }: { publishSeconds: number; keepSeconds: number; now?: Date },
): Promise<{ added: StoredSigningKey; signsFrom: Date; previousUnpublishedAt: Date }> {
  const contents = await readSigningKeys(file);
  const signsFrom = new Date(now.getTime() + publishSeconds * 1000);
  const previousUnpublishedAt = new Date(signsFrom.getTime() + keepSeconds * 1000);
  const added = await newSigningKey(signsFrom, now);
  const kept = contents.keys
    .filter((key) => !key.unpublishedAt || new Date(key.unpublishedAt) > now)
    .map((key) => (key.unpublishedAt ? key : { ...key, unpublishedAt: previousUnpublishedAt.toISOString() }));
  await writeSigningKeys(file, { keys: [...kept, added] });
  return { added, signsFrom, previousUnpublishedAt };
}

/** Which key signs at `now` (the newest one whose time has come), which are published, and when that next changes. */
export function keystoreAt(contents: SigningKeyFile, now = new Date()): Keystore {
  const published = contents.keys.filter((key) => !key.unpublishedAt || new Date(key.unpublishedAt) > now);
  const ready = published.filter((key) => new Date(key.signsFrom) <= now);
  const signing = ready.reduce<StoredSigningKey | undefined>(
    (newest, key) => (!newest || key.signsFrom > newest.signsFrom ? key : newest),
    undefined,
  );
  if (!signing) throw new Error("No signing key may sign yet: run `npm run keys -- rotate` again, or restore the key file");
  const others = published.filter((key) => key !== signing);
  const changes = contents.keys
    .flatMap((key) => [key.signsFrom, key.unpublishedAt])
    .filter((time): time is string => time !== undefined)
    .map((time) => new Date(time))
    .filter((time) => time > now);
  return {
    // oidc-provider signs with the first key that fits the algorithm: the signing key goes first.
    keys: [signing, ...others].map((key) => key.jwk),
    signingKid: signing.jwk.kid,
    publishedKids: [signing, ...others].map((key) => key.jwk.kid),
    nextChange: changes.length ? new Date(Math.min(...changes.map((time) => time.getTime()))) : undefined,
  };
}
