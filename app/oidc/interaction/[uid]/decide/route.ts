import { cookies } from "next/headers";
import { z } from "zod";
import { finishConsent, getSensitiveSession, interactionUidSchema, OIDC_COOKIE_NAMES } from "@/lib/auth";

export const dynamic = "force-dynamic";

const decisionSchema = z.enum(["allow", "deny"]);
const seeOther = (location: string) =>
  new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

/** The consent form's answer (a plain form post, so the browser follows the provider's redirects itself). */
export async function POST(request: Request, { params }: { params: Promise<{ uid: string }> }) {
  const uid = interactionUidSchema.safeParse((await params).uid);
  if (!uid.success) return seeOther("/oidc/interaction/unknown/consent");
  const here = `/oidc/interaction/${uid.data}`;
  const access = await getSensitiveSession();
  if (access.status === "signed-out") return seeOther(`/signin?callbackUrl=${encodeURIComponent(here)}`);
  if (access.status !== "signed-in") return seeOther(`${here}/consent`);
  const form = await request.formData().catch(() => undefined);
  const decision = decisionSchema.safeParse(form?.get("decision"));
  if (!decision.success) return seeOther(`${here}/consent`);
  const cookieUid = (await cookies()).get(OIDC_COOKIE_NAMES.interaction)?.value;
  const next = await finishConsent(uid.data, cookieUid, access.userId, decision.data);
  return seeOther(next ?? `${here}/consent`);
}
