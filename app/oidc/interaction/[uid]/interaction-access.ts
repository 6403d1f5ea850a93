import { cookies } from "next/headers";
import { getSensitiveSession, interactionUidSchema, OIDC_COOKIE_NAMES } from "@/lib/auth";

export const seeOther = (location: string) =>
  new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

/** Who may answer this interaction: the person signed in to the site, in the browser holding its cookie. */
export type InteractionAccess = { uid: string; here: string; personId: string; cookieUid: string | undefined };

/**
 * The checks both interaction routes make first: a well-formed uid and a live site session. Anything else is the
 * redirect to answer with (sign in and come back, or the consent page, which explains an outage or an ended request).
 */
export async function interactionAccess(rawUid: string): Promise<InteractionAccess | Response> {
  const uid = interactionUidSchema.safeParse(rawUid);
  if (!uid.success) return seeOther("/oidc/interaction/unknown/consent");
  const here = `/oidc/interaction/${uid.data}`;
  const access = await getSensitiveSession();
  if (access.status === "signed-out") return seeOther(`/signin?callbackUrl=${encodeURIComponent(here)}`);
  if (access.status !== "signed-in") return seeOther(`${here}/consent`);
  const cookieUid = (await cookies()).get(OIDC_COOKIE_NAMES.interaction)?.value;
  return { uid: uid.data, here, personId: access.userId, cookieUid };
}
