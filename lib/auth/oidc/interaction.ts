import "server-only";
import { z } from "zod";
import { oidcProvider } from "@/lib/auth/oidc/provider";
import { clientName, SCOPE_DESCRIPTIONS } from "@/lib/auth/oidc/clients";

/** An interaction id as the provider makes them (base64url), checked before it reaches a query. */
export const interactionUidSchema = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);

type ConsentRequest = {
  uid: string;
  clientId: string;
  clientName: string;
  /** Each scope asked for, with what it lets the client do. */
  scopes: { name: string; description: string }[];
  /** The API the tokens are for (RFC 8707). */
  resources: string[];
};

/** What the interaction page should do: nothing left (expired, or another browser's), sign the provider in, or ask. */
export type InteractionStep = { kind: "gone" } | { kind: "login"; uid: string } | { kind: "consent"; request: ConsentRequest };

type Interaction = InstanceType<ReturnType<typeof oidcProvider>["Interaction"]>;

const epochSeconds = () => Math.floor(Date.now() / 1000);

/**
 * The interaction `uid`, if this browser started it (the provider's interaction cookie names it) and its provider
 * session still belongs to the same person. The same checks as oidc-provider's `interactionDetails`.
 */
async function interactionOf(uid: string, cookieUid: string | undefined): Promise<Interaction | undefined> {
  if (!interactionUidSchema.safeParse(uid).success || cookieUid !== uid) return undefined;
  const provider = oidcProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) return undefined;
  if (interaction.session?.uid) {
    const session = await provider.Session.findByUid(interaction.session.uid);
    if (session?.accountId !== interaction.session.accountId) return undefined;
  }
  return interaction;
}

const listOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

export async function interactionStep(uid: string, cookieUid: string | undefined, personId: string): Promise<InteractionStep> {
  const interaction = await interactionOf(uid, cookieUid);
  if (!interaction) return { kind: "gone" };
  // The provider's session is someone else's (the site signed in as another person): sign the provider in as this one.
  if (interaction.prompt.name === "login" || interaction.session?.accountId !== personId) return { kind: "login", uid };
  const details = interaction.prompt.details as { missingOIDCScope?: unknown; missingResourceScopes?: unknown };
  const resourceScopes = Object.entries((details.missingResourceScopes ?? {}) as Record<string, unknown>);
  const names = [...new Set([...listOf(details.missingOIDCScope), ...resourceScopes.flatMap(([, scopes]) => listOf(scopes))])];
  const clientId = String(interaction.params.client_id);
  return {
    kind: "consent",
    request: {
      uid,
      clientId,
      clientName: clientName(clientId),
      scopes: names.map((name) => ({ name, description: SCOPE_DESCRIPTIONS[name] ?? name })),
      resources: resourceScopes.map(([resource]) => resource),
    },
  };
}

async function finish(interaction: Interaction, result: Record<string, unknown>): Promise<string> {
  interaction.result = result;
  await interaction.save(Math.max(1, interaction.exp - epochSeconds()));
  return interaction.returnTo;
}

/** Signs the provider's session in as the person signed in to the site; answers where the browser goes next. */
export async function finishLogin(uid: string, cookieUid: string | undefined, personId: string): Promise<string | undefined> {
  const interaction = await interactionOf(uid, cookieUid);
  if (!interaction) return undefined;
  return finish(interaction, { login: { accountId: personId } });
}

/** Records the person's answer on the consent page: a grant of exactly what was asked, or a refusal (access_denied). */
export async function finishConsent(
  uid: string,
  cookieUid: string | undefined,
  personId: string,
  decision: "allow" | "deny",
): Promise<string | undefined> {
  const interaction = await interactionOf(uid, cookieUid);
  if (interaction?.prompt.name !== "consent" || interaction.session?.accountId !== personId) return undefined;
  if (decision === "deny") {
    return finish(interaction, { error: "access_denied", error_description: "The person refused to grant access" });
  }
  const provider = oidcProvider();
  const clientId = String(interaction.params.client_id);
  const grant =
    (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
    new provider.Grant({ accountId: personId, clientId });
  const details = interaction.prompt.details as {
    missingOIDCScope?: unknown;
    missingOIDCClaims?: unknown;
    missingResourceScopes?: unknown;
  };
  const scopes = listOf(details.missingOIDCScope);
  if (scopes.length) grant.addOIDCScope(scopes.join(" "));
  const claims = listOf(details.missingOIDCClaims);
  if (claims.length) grant.addOIDCClaims(claims);
  for (const [resource, resourceScopes] of Object.entries((details.missingResourceScopes ?? {}) as Record<string, unknown>)) {
    grant.addResourceScope(resource, listOf(resourceScopes).join(" "));
  }
  const grantId = await grant.save();
  return finish(interaction, { ...interaction.lastSubmission, consent: { grantId } });
}
