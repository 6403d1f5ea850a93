import type { Metadata } from "next";
import { z } from "zod";
import {
  getCurrentSession,
  modeCookieValueSchema,
  SETUP_LABELS,
  modeCookieValue,
  redisStoreConfigured,
  sessionStoreAnswers,
} from "@/lib/auth";
import { FormMessage } from "@/app/_components/form-message";
import { getEnv } from "@/lib/env";
import { formatDuration } from "@/lib/format-duration";
import { ModeSwitchForm, type UnavailableSetups } from "@/app/settings/mode-switch-form";
import { ChangePasswordForm } from "@/app/settings/change-password-form";

export const metadata: Metadata = { title: "Settings" };

const noticeSchema = z.object({
  switched: modeCookieValueSchema.optional().catch(undefined),
  signedIn: z.enum(["0", "1"]).optional().catch(undefined),
  // A setup to check in the form (from /choose's "Try it"); nothing changes until the person presses Switch mode.
  mode: modeCookieValueSchema.optional().catch(undefined),
});

/** Redis is offered only when it answers; otherwise Settings says why and how to get it. */
async function unavailableSetups(): Promise<UnavailableSetups> {
  if (!redisStoreConfigured())
    return {
      "database:redis":
        "this server has no Redis. Install redis-server (Debian: `apt-get install redis-server`) and restart `npm start`, which then starts one under .data/, or set REDIS_URL.",
    };
  if (!(await sessionStoreAnswers("redis")))
    return { "database:redis": "this server's Redis is not answering right now. Try again in a moment." };
  return {};
}

export default async function SettingsPage({ searchParams }: PageProps<"/settings">) {
  const notice = noticeSchema.parse(await searchParams);
  const [current, unavailable] = await Promise.all([getCurrentSession(), unavailableSetups()]);
  const message =
    notice.switched &&
    `Switched to ${SETUP_LABELS[notice.switched]}.${notice.signedIn === "1" ? " You are still signed in, with a session issued in the new mode." : ""}`;
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">Settings</h1>
      <FormMessage message={message} tone="success" />
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <ModeSwitchForm
          current={modeCookieValue(current)}
          preselected={notice.mode}
          unavailable={unavailable}
          hybridTokenLife={formatDuration(getEnv().AUTH_HYBRID_TOKEN_TTL)}
        />
      </section>
      {current.status === "signed-in" && (
        <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <ChangePasswordForm />
        </section>
      )}
    </div>
  );
}
