import type { Metadata } from "next";
import { SpaCallback } from "@/app/spa/callback/spa-callback";
import { SpaPageLayout } from "@/app/spa/spa-page-layout";

export const metadata: Metadata = { title: "Signing in · Single-page app" };

/** Where the provider sends the browser back (lab-spa's redirect URI); the app in the browser reads the answer. */
export default function SpaCallbackPage() {
  return (
    <SpaPageLayout>
      <SpaCallback />
    </SpaPageLayout>
  );
}
