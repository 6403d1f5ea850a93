import "server-only";
import { createTransport } from "nodemailer";
import { getEnv, type Env } from "@/lib/env";
import { saveToOutbox } from "@/lib/mail/outbox";

type MagicLink = { to: string; url: string };

/** Sends a sign-in link by SMTP when EMAIL_SERVER is set, otherwise keeps it in the outbox. */
export async function deliverMagicLink({ to, url }: MagicLink, env: Env = getEnv()): Promise<void> {
  const host = new URL(url).host;
  const subject = `Sign in to Session vs Token Lab (${host})`;
  if (env.EMAIL_SERVER) {
    const transport = createTransport(env.EMAIL_SERVER);
    const result = await transport.sendMail({
      to,
      from: env.EMAIL_FROM,
      subject,
      text: `Sign in to Session vs Token Lab:\n${url}\n\nIf you did not ask for this email, ignore it.\n`,
      html: `<p>Sign in to Session vs Token Lab:</p><p><a href="${encodeURI(url)}">Sign in</a></p><p>If you did not ask for this email, ignore it.</p>`,
    });
    if (result.rejected.length > 0) throw new Error("The SMTP server rejected the sign-in email");
    return;
  }
  if (!env.outboxEnabled) throw new Error("No EMAIL_SERVER is set and the development outbox is off");
  await saveToOutbox({ to, subject, url });
}
