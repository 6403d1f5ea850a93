import "server-only";
import { createTransport } from "nodemailer";
import { getEnv, type Env } from "@/lib/env";
import { saveToOutbox } from "@/lib/mail/outbox";
import { composeSignInEmail, type SignInEmailKind } from "@/lib/mail/sign-in-email";

type MagicLink = { to: string; url: string; kind?: SignInEmailKind };

/** Whether this server can deliver a sign-in link at all: by SMTP, or to the loopback-only outbox. */
export function emailDeliveryConfigured(env: Env = getEnv()): boolean {
  return Boolean(env.EMAIL_SERVER) || env.outboxEnabled;
}

/** Sends a sign-in link by SMTP when EMAIL_SERVER is set, otherwise keeps it in the outbox. */
export async function deliverMagicLink({ to, url, kind = "sign-in" }: MagicLink, env: Env = getEnv()): Promise<void> {
  const email = composeSignInEmail(kind, url);
  if (env.EMAIL_SERVER) {
    const transport = createTransport(env.EMAIL_SERVER);
    const result = await transport.sendMail({
      to,
      from: env.EMAIL_FROM,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
    if (result.rejected.length > 0) throw new Error("The SMTP server rejected the sign-in email");
    return;
  }
  if (!env.outboxEnabled) throw new Error("No EMAIL_SERVER is set and the development outbox is off");
  await saveToOutbox({ to, subject: email.subject, url });
}
