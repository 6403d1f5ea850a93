import type { Metadata } from "next";
import { z } from "zod";
import { getCurrentSession } from "@/lib/auth";
import { MODE_LABELS, sessionModeSchema } from "@/lib/auth/mode";
import { FormMessage } from "@/app/_components/form-message";
import { ModeSwitchForm } from "@/app/settings/mode-switch-form";
import { ChangePasswordForm } from "@/app/settings/change-password-form";

export const metadata: Metadata = { title: "Settings" };

const noticeSchema = z.object({
  switched: sessionModeSchema.optional().catch(undefined),
  signedIn: z.enum(["0", "1"]).optional().catch(undefined),
});

export default async function SettingsPage({ searchParams }: PageProps<"/settings">) {
  const notice = noticeSchema.parse(await searchParams);
  const { mode, status } = await getCurrentSession();
  const message =
    notice.switched &&
    `Switched to ${MODE_LABELS[notice.switched]}.${notice.signedIn === "1" ? " You are still signed in, with a session issued in the new mode." : ""}`;
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">Settings</h1>
      <FormMessage message={message} tone="success" />
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <ModeSwitchForm current={mode} />
      </section>
      {status === "signed-in" && (
        <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <ChangePasswordForm />
        </section>
      )}
    </div>
  );
}
