import { parseArgs } from "node:util";
import path from "node:path";
import { z } from "zod";
import { ensureSigningKeys, keystoreAt, readSigningKeys, rotateSigningKeys } from "@/lib/auth/oidc/signing-keys";
import { longestSignedTokenSeconds } from "@/lib/auth/oidc/provider";

/**
 * `npm run keys -- rotate`: a new signing key, published at once and signing only after verifiers had time to
 * fetch it; the old key stays published until the last token it signed has expired. `npm run keys` shows the state.
 * A running site picks the change up by itself (it checks the key file every second).
 */
const optionsSchema = z.object({
  "data-dir": z.string().min(1).default(".data"),
  // jose's createRemoteJWKSet keeps a JWKS 10 minutes: a verifier that fetched just before sees the new key in time.
  "publish-seconds": z.coerce.number().int().min(0).default(600),
});

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "data-dir": { type: "string" }, "publish-seconds": { type: "string" } },
  });
  const options = optionsSchema.parse(values);
  const command = z.enum(["show", "rotate"]).parse(positionals[0] ?? "show");
  const file = process.env.OIDC_SIGNING_KEYS_FILE ?? path.join(options["data-dir"], "oidc-signing-keys.json");
  await ensureSigningKeys(file);
  if (command === "rotate") {
    const accessTokenTtlSeconds = z.coerce.number().int().min(5).default(300).parse(process.env.OIDC_ACCESS_TOKEN_TTL);
    const keepSeconds = longestSignedTokenSeconds({ accessTokenTtlSeconds }) + 60;
    const { added, signsFrom, previousUnpublishedAt } = await rotateSigningKeys(file, {
      publishSeconds: options["publish-seconds"],
      keepSeconds,
    });
    console.log(`[keys] published ${added.jwk.kid}; it signs from ${signsFrom.toISOString()}`);
    console.log(`[keys] the key it replaces stays published until ${previousUnpublishedAt.toISOString()}`);
  }
  const keystore = keystoreAt(await readSigningKeys(file));
  console.log(`[keys] ${file}: signing with ${keystore.signingKid}; published: ${keystore.publishedKids.join(", ")}`);
  if (keystore.nextChange) console.log(`[keys] next change at ${keystore.nextChange.toISOString()}`);
}

main().catch((error: unknown) => {
  console.error(
    `[keys] ${error instanceof z.ZodError ? "usage: npm run keys -- [show|rotate] [--publish-seconds N]" : error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
