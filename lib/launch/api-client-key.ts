import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { z } from "zod";

const privateJwkSchema = z.object({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  x: z.string(),
  d: z.string(),
  kid: z.string(),
});

/** Where the API's key pair lives: the private JWK for the API alone, the public JWKS for the provider. */
export type ApiClientKeyFiles = { privateKeyFile: string; publicJwksFile: string };

/**
 * The API's own Ed25519 key pair for private_key_jwt (introspection), created once in the data folder: the private
 * JWK (mode 600) goes to the API only, and the provider registers `lab-api` with the public JWKS. No shared secret.
 */
export async function ensureApiClientKey(dataDir: string, log: (line: string) => void): Promise<ApiClientKeyFiles> {
  const privateKeyFile = path.join(dataDir, "api-client-key.json");
  const publicJwksFile = path.join(dataDir, "api-client-jwks.json");
  await mkdir(dataDir, { recursive: true });
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const fresh = await exportJWK(privateKey);
  const created = await writeFile(privateKeyFile, `${JSON.stringify({ ...fresh, kid: await calculateJwkThumbprint(fresh) })}\n`, {
    mode: 0o600,
    // Exclusive: a key made by an earlier start stays, so the provider and the API keep agreeing on it.
    flag: "wx",
  }).then(
    () => true,
    (error: unknown) => {
      if (error instanceof Error && "code" in error && error.code === "EEXIST") return false;
      throw error;
    },
  );
  if (created) log(`Created the API's key for introspection (private_key_jwt) in ${privateKeyFile}`);
  const parsed = privateJwkSchema.safeParse(JSON.parse(await readFile(privateKeyFile, "utf8")));
  if (!parsed.success) throw new Error(`${privateKeyFile} is not an Ed25519 private JWK: delete it to create a new one`);
  // Written from the private key each start: the public half can never drift from it, and never carries `d`.
  const { kty, crv, x, kid } = parsed.data;
  await writeFile(publicJwksFile, `${JSON.stringify({ keys: [{ kty, crv, x, kid, alg: "Ed25519", use: "sig" }] }, null, 2)}\n`);
  return { privateKeyFile, publicJwksFile };
}
