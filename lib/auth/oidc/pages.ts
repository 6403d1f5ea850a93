import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";

/** The few pages the provider itself renders (device codes, errors, signing out), in the site's look. */

const escapeHtml = (value: string | undefined) =>
  (value ?? "").replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The nonce the front door put in this response's policy, so the page's one style block may apply. */
function nonceOf(ctx: KoaContextWithOIDC): string {
  const policy = ctx.req.headers["content-security-policy"];
  return (typeof policy === "string" ? /'nonce-([^']+)'/.exec(policy)?.[1] : undefined) ?? "";
}

function page(ctx: KoaContextWithOIDC, title: string, body: string): void {
  ctx.type = "html";
  ctx.set("Cache-Control", "no-store");
  ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Session vs Token Lab</title>
<style nonce="${escapeHtml(nonceOf(ctx))}">
body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
main{border:1px solid #d0d7de;border-radius:8px;padding:1.5rem}
button{font:inherit;padding:.4rem 1rem;margin-right:.5rem;border-radius:6px;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer}
button.primary{background:#1f6feb;color:#fff;border-color:#1f6feb}
input{font:inherit;padding:.3rem .5rem;letter-spacing:.1em;text-transform:uppercase}
code{font-size:1.4rem;letter-spacing:.15em}
.error{color:#cf222e}
</style></head>
<body><p><a href="/">Session vs Token Lab</a></p><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export const deviceFlowPages = {
  userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out?: unknown, error?: Error) {
    const problem = error
      ? `<p class="error" role="alert">${error.name === "AbortedError" ? "The sign-in was cancelled." : "That code is not valid, or it has expired. Check it and try again."}</p>`
      : "";
    // The library's code field gets a name a screen reader can say, and loses its inline onfocus handler (the CSP refuses inline script).
    const labelled = form
      .replace('name="user_code" placeholder', 'name="user_code" aria-label="Code" placeholder')
      .replace(/ onfocus="[^"]*"/, "");
    page(
      ctx,
      "Connect a device",
      `<p>Enter the code your device shows.</p>${problem}${labelled}
<p><button class="primary" type="submit" form="op.deviceInputForm">Continue</button></p>`,
    );
  },
  userCodeConfirmSource(
    ctx: KoaContextWithOIDC,
    form: string,
    client: { clientName?: string; clientId: string },
    _deviceInfo: unknown,
    userCode: string,
  ) {
    page(
      ctx,
      `Connect ${client.clientName ?? client.clientId}?`,
      `<p>Make sure this code matches the one on your device:</p><p><code>${escapeHtml(userCode)}</code></p>${form}
<p>Only continue if you started this sign-in yourself.</p>
<button class="primary" type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Cancel</button>`,
    );
  },
  successSource(ctx: KoaContextWithOIDC) {
    page(ctx, "Device connected", "<p>You can close this page and return to your device.</p>");
  },
};

export function signOutConfirmPage(ctx: KoaContextWithOIDC, form: string) {
  page(
    ctx,
    "Sign out of the apps?",
    `${form}<p>This ends the sign-in the apps share with this site.</p>
<button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export function signedOutPage(ctx: KoaContextWithOIDC) {
  page(ctx, "Signed out", `<p>The apps are signed out. <a href="/">Back to the lab</a></p>`);
}

/** The provider's errors in words, never a stack: `out` holds only the RFC 6749 error and its description. */
export function errorPage(ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) {
  page(
    ctx,
    "This sign-in cannot go on",
    `<p role="alert">${escapeHtml(out.error_description ?? "The request was not valid.")}</p>
<p>Error code: <code>${escapeHtml(out.error ?? "invalid_request")}</code></p>
<p>Start again from the app that sent you here.</p>`,
  );
}
