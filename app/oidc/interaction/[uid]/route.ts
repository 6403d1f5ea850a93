import { finishLogin, interactionStep } from "@/lib/auth";
import { interactionAccess, seeOther } from "@/app/oidc/interaction/[uid]/interaction-access";

export const dynamic = "force-dynamic";

/**
 * Where the provider sends the browser to sign in or consent: the site's own sign-in decides who it is, so the
 * browser session is what authorizes tokens. Signs the provider in, or sends the person to the consent page.
 */
export async function GET(request: Request, { params }: { params: Promise<{ uid: string }> }) {
  // Next's router fetching this for a client-side navigation: answer plainly, so the browser navigates for real.
  if (request.headers.get("rsc") !== null) return new Response(null, { status: 204 });
  const access = await interactionAccess((await params).uid);
  if (access instanceof Response) return access;
  const { uid, here, personId, cookieUid } = access;
  const step = await interactionStep(uid, cookieUid, personId);
  if (step.kind === "login") {
    const next = await finishLogin(uid, cookieUid, personId);
    if (next) return seeOther(next);
  }
  return seeOther(`${here}/consent`);
}
