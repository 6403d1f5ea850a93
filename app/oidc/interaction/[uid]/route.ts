import { cookies } from "next/headers";
import { finishLogin, getSensitiveSession, interactionStep, interactionUidSchema, OIDC_COOKIE_NAMES } from "@/lib/auth";

export const dynamic = "force-dynamic";

const seeOther = (location: string) =>
  new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

/**
 * Where the provider sends the browser to sign in or consent: the site's own sign-in decides who it is, so the
 * browser session is what authorizes tokens. Signs the provider in, or sends the person to the consent page.
 */
export async function GET(request: Request, { params }: { params: Promise<{ uid: string }> }) {
  // Next's router fetching this for a client-side navigation: answer plainly, so the browser navigates for real.
  if (request.headers.get("rsc") !== null) return new Response(null, { status: 204 });
  const uid = interactionUidSchema.safeParse((await params).uid);
  if (!uid.success) return seeOther("/oidc/interaction/unknown/consent");
  const here = `/oidc/interaction/${uid.data}`;
  const access = await getSensitiveSession();
  if (access.status === "signed-out") return seeOther(`/signin?callbackUrl=${encodeURIComponent(here)}`);
  if (access.status !== "signed-in") return seeOther(`${here}/consent`);
  const cookieUid = (await cookies()).get(OIDC_COOKIE_NAMES.interaction)?.value;
  const step = await interactionStep(uid.data, cookieUid, access.userId);
  if (step.kind === "login") {
    const next = await finishLogin(uid.data, cookieUid, access.userId);
    if (next) return seeOther(next);
  }
  return seeOther(`${here}/consent`);
}
