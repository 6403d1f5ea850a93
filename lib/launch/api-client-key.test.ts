import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureApiClientKey } from "@/lib/launch/api-client-key";

describe("ensureApiClientKey", () => {
  it("creates the API's key pair once: the private JWK only its owner can read, a public JWKS without private parts", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "api-client-key-"));
    const logged: string[] = [];
    const files = await ensureApiClientKey(dataDir, (line) => logged.push(line));
    expect((await stat(files.privateKeyFile)).mode & 0o777).toBe(0o600);
    const privateJwk = JSON.parse(await readFile(files.privateKeyFile, "utf8")) as Record<string, string>;
    expect(privateJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", d: expect.any(String) as unknown });
    const { keys } = JSON.parse(await readFile(files.publicJwksFile, "utf8")) as { keys: Record<string, string>[] };
    expect(keys).toEqual([{ kty: "OKP", crv: "Ed25519", x: privateJwk.x, kid: privateJwk.kid, alg: "Ed25519", use: "sig" }]);
    expect(logged).toHaveLength(1);

    // A second start keeps the key the provider already registered.
    await ensureApiClientKey(dataDir, (line) => logged.push(line));
    expect(JSON.parse(await readFile(files.privateKeyFile, "utf8"))).toEqual(privateJwk);
    expect(logged).toHaveLength(1);
  });
});
