import { z } from "zod";
import { finishConsent } from "@/lib/auth";
import { interactionAccess, seeOther } from "@/app/oidc/interaction/[uid]/interaction-access";

export const dynamic = "force-dynamic";

const decisionSchema = z.enum(["allow", "deny"]);

/** The consent form's answer (a plain form post, so the browser follows the provider's redirects itself). */
export async function POST(request: Request, { params }: { params: Promise<{ uid: string }> }) {
  const access = await interactionAccess((await params).uid);
  if (access instanceof Response) return access;
  const { uid, here, personId, cookieUid } = access;
  const form = await request.formData().catch(() => undefined);
  const decision = decisionSchema.safeParse(form?.get("decision"));
  if (!decision.success) return seeOther(`${here}/consent`);
  const next = await finishConsent(uid, cookieUid, personId, decision.data);
  return seeOther(next ?? `${here}/consent`);
}
