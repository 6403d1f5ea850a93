import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureSigningKeys, keystoreAt, readSigningKeys, rotateSigningKeys } from "@/lib/auth/oidc/signing-keys";

const keyFile = async () => path.join(await mkdtemp(path.join(tmpdir(), "lab-keys-")), "oidc-signing-keys.json");
const at = (iso: string) => new Date(iso);

describe("the provider's signing keys", () => {
  it("are created once, mode 600, with one Ed25519 key that signs at once", async () => {
    const file = await keyFile();
    expect(await ensureSigningKeys(file, at("2026-01-01T00:00:00Z"))).toEqual({ created: true });
    expect(await ensureSigningKeys(file)).toEqual({ created: false });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const keystore = keystoreAt(await readSigningKeys(file), at("2026-01-01T00:00:01Z"));
    expect(keystore.keys).toHaveLength(1);
    expect(keystore.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", kid: keystore.signingKid });
    expect(keystore.nextChange).toBeUndefined();
  });

  it("two servers creating the file at once agree on one key", async () => {
    const file = await keyFile();
    const outcomes = await Promise.all([ensureSigningKeys(file), ensureSigningKeys(file), ensureSigningKeys(file)]);
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
    expect((await readSigningKeys(file)).keys).toHaveLength(1);
  });

  it("rotate publishes the new key first, signs with it later, and unpublishes the old one after its tokens expire", async () => {
    const file = await keyFile();
    await ensureSigningKeys(file, at("2026-01-01T00:00:00Z"));
    const before = keystoreAt(await readSigningKeys(file), at("2026-01-01T00:00:00Z"));
    const { added } = await rotateSigningKeys(file, { publishSeconds: 600, keepSeconds: 3600, now: at("2026-01-02T00:00:00Z") });
    const contents = await readSigningKeys(file);

    const published = keystoreAt(contents, at("2026-01-02T00:05:00Z"));
    expect(published.signingKid).toBe(before.signingKid);
    expect(published.publishedKids).toEqual([before.signingKid, added.jwk.kid]);
    expect(published.nextChange).toEqual(at("2026-01-02T00:10:00Z"));

    const signing = keystoreAt(contents, at("2026-01-02T00:10:00Z"));
    expect(signing.signingKid).toBe(added.jwk.kid);
    expect(signing.publishedKids).toEqual([added.jwk.kid, before.signingKid]);
    expect(signing.nextChange).toEqual(at("2026-01-02T01:10:00Z"));

    const retired = keystoreAt(contents, at("2026-01-02T01:10:00Z"));
    expect(retired.publishedKids).toEqual([added.jwk.kid]);
    // The file holds private keys, so it stays the owner's alone after a rotation too.
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).toContain('"d"');
  });

  it("refuses a file that is not a key file, naming it", async () => {
    const file = await keyFile();
    await import("node:fs/promises").then(({ writeFile }) => writeFile(file, JSON.stringify({ keys: [{ kty: "RSA" }] })));
    await expect(readSigningKeys(file)).rejects.toThrow(/is not a signing key file/);
  });
});
