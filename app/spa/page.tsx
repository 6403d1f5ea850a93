import type { Metadata } from "next";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { SpaApp } from "@/app/spa/spa-app";
import { SpaPageLayout } from "@/app/spa/spa-page-layout";
import { AttackerPanel } from "@/app/spa/attacker-panel";
import { storageChoiceSchema } from "@/app/spa/token-store";

export const metadata: Metadata = { title: "Single-page app" };

/** Messages other pages leave for this one in the address (never free text: only these). */
const NOTICES = {
  "silent-sign-in-needs-you":
    "The app could not sign in again silently: the site needs you first (your site session ended, or you revoked the app). Sign in.",
} as const;

const searchSchema = z.object({
  notice: z.enum(["silent-sign-in-needs-you"]).optional().catch(undefined),
  // Where to keep the tokens, from a link (/choose's "Try it"): chosen on arrival, as a click on it would.
  storage: storageChoiceSchema.optional().catch(undefined),
});

export default async function SpaPage({ searchParams }: PageProps<"/spa">) {
  const { notice, storage } = searchSchema.parse(await searchParams);
  return (
    <SpaPageLayout>
      {/* The API's URL is the resource (RFC 8707) the tokens are for, and where the page sends its calls. */}
      <SpaApp apiUrl={getEnv().OIDC_API_RESOURCE} notice={notice && NOTICES[notice]} preselect={storage} />
      <AttackerPanel attackerUrl={getEnv().LAB_ATTACKER_URL} />
    </SpaPageLayout>
  );
}
