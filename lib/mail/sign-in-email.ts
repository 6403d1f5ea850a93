import { formatDuration } from "@/lib/format-duration";

/** How long an emailed sign-in link works (once), in seconds; the session core's link lifetime (lib/auth/session-lifetime.ts). */
export const SIGN_IN_LINK_MAX_AGE_SECONDS = 15 * 60;

/** Why a sign-in link is sent; each reads differently, and all carry the same single-use link. */
export type SignInEmailKind = "sign-in" | "confirm-sign-up" | "existing-account";

export type SignInEmail = { subject: string; text: string; html: string };

const NOT_YOU = "If you did not ask for this email, ignore it: nobody can use the link without this inbox.";

/** The subject and body of a sign-in email for `url` (the link works once, for SIGN_IN_LINK_MAX_AGE_SECONDS). */
export function composeSignInEmail(kind: SignInEmailKind, url: string): SignInEmail {
  const host = new URL(url).host;
  const { subject, lead, action } = {
    "sign-in": {
      subject: `Sign in to Session vs Token Lab (${host})`,
      lead: "Sign in to Session vs Token Lab:",
      action: "Sign in",
    },
    "confirm-sign-up": {
      subject: `Confirm your email for Session vs Token Lab (${host})`,
      lead: "Open this link to confirm your address and finish creating your account:",
      action: "Confirm and sign in",
    },
    "existing-account": {
      subject: `You already have an account at Session vs Token Lab (${host})`,
      lead: "Someone, perhaps you, tried to create an account with this address. You already have one, so nothing was changed. To sign in, open this link:",
      action: "Sign in",
    },
  }[kind];
  const validity = `The link works once, for ${formatDuration(SIGN_IN_LINK_MAX_AGE_SECONDS)}.`;
  return {
    subject,
    text: `${lead}\n${url}\n\n${validity} ${NOT_YOU}\n`,
    html: `<p>${lead}</p><p><a href="${encodeURI(url)}">${action}</a></p><p>${validity} ${NOT_YOU}</p>`,
  };
}
