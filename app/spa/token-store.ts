import { z } from "zod";

/**
 * Where the single-page app keeps its tokens, and what an injected script could do with them there. Browser code:
 * the choice and the tokens live in this browser, the server never sees them (but for the backend for frontend's).
 */
export const STORAGE_CHOICES = [
  {
    value: "local",
    label: "localStorage",
    explanation:
      "Kept across reloads, tabs and restarts. Any script running on this site, an injected one too, can read both tokens and send them anywhere.",
  },
  {
    value: "session",
    label: "sessionStorage",
    explanation:
      "Kept across reloads of this tab only, and gone when it closes. An injected script in this tab reads both tokens just as easily.",
  },
  {
    value: "memory",
    label: "Memory only",
    explanation:
      "Held in a JavaScript closure, never written anywhere: an injected script cannot read them from storage, though it can still use this page to call the API. A reload loses them, so the app signs in again silently.",
  },
  {
    value: "bff",
    label: "Backend for frontend (HttpOnly cookie)",
    explanation:
      "The site keeps the tokens on its server; this browser holds only an HttpOnly, SameSite cookie that no script can read. The API is called through the site, which attaches the token.",
  },
] as const;

export type StorageChoice = (typeof STORAGE_CHOICES)[number]["value"];
/** The choices where this page holds the tokens itself. */
export type BrowserStorageChoice = Exclude<StorageChoice, "bff">;

/** localStorage keys: the choice (per browser) and, for localStorage and sessionStorage, the tokens. */
const STORAGE_CHOICE_KEY = "lab-spa-storage";
const TOKENS_KEY = "lab-spa-tokens";
const DEFAULT_CHOICE: StorageChoice = "local";

export const storageChoiceSchema = z.enum(["local", "session", "memory", "bff"]);

/** The stored shape (the attacker demonstration reads exactly this); expires_at is the access token's end, epoch ms. */
const storedTokensSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().min(1).optional(),
  expires_at: z.number().int().positive(),
});
export type StoredTokens = z.infer<typeof storedTokensSchema>;

/** What the store holds: nothing, tokens, or something that is not tokens (changed by hand or by a script). */
export type TokenRead =
  { status: "none" } | { status: "present"; tokens: StoredTokens } | { status: "unreadable"; where: string };

/** Memory only: the tokens of this page, in this module's closure and nowhere else. */
let tokensInMemory: StoredTokens | undefined;

const listeners = new Set<() => void>();
const notifyListeners = () => {
  for (const listener of listeners) listener();
};

/** Subscribes to changes of the choice or the tokens, here and (through the storage event) in other tabs. */
export function subscribeToTokenStore(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

export function readStorageChoice(): StorageChoice {
  const parsed = storageChoiceSchema.safeParse(window.localStorage.getItem(STORAGE_CHOICE_KEY));
  return parsed.success ? parsed.data : DEFAULT_CHOICE;
}

export function saveStorageChoice(choice: StorageChoice): void {
  window.localStorage.setItem(STORAGE_CHOICE_KEY, choice);
  notifyListeners();
}

function webStorageOf(choice: "local" | "session"): Storage {
  return choice === "local" ? window.localStorage : window.sessionStorage;
}

function parseStoredTokens(raw: string, where: string): TokenRead {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { status: "unreadable", where };
  }
  const parsed = storedTokensSchema.safeParse(json);
  return parsed.success ? { status: "present", tokens: parsed.data } : { status: "unreadable", where };
}

/** The last read, kept while the stored text is the same, so React sees one snapshot per change. */
let lastRead: { choice: BrowserStorageChoice; raw: string | StoredTokens | null; read: TokenRead } | undefined;

/** The tokens of a browser choice, as they are now. Never throws: anything but the stored shape is "unreadable". */
export function readTokens(choice: BrowserStorageChoice): TokenRead {
  const raw = choice === "memory" ? (tokensInMemory ?? null) : webStorageOf(choice).getItem(TOKENS_KEY);
  if (lastRead?.choice === choice && lastRead.raw === raw) return lastRead.read;
  let read: TokenRead;
  if (raw === null) read = { status: "none" };
  else if (typeof raw === "string") read = parseStoredTokens(raw, choice === "local" ? "localStorage" : "sessionStorage");
  else read = { status: "present", tokens: raw };
  lastRead = { choice, raw, read };
  return read;
}

/** Replaces the tokens in one write: another tab never sees a new access token beside an old refresh token. */
export function writeTokens(choice: BrowserStorageChoice, tokens: StoredTokens): void {
  if (choice === "memory") tokensInMemory = { ...tokens };
  else webStorageOf(choice).setItem(TOKENS_KEY, JSON.stringify(tokens));
  notifyListeners();
}

export function clearTokens(choice: BrowserStorageChoice): void {
  if (choice === "memory") tokensInMemory = undefined;
  else webStorageOf(choice).removeItem(TOKENS_KEY);
  notifyListeners();
}

// ---------------------------------------------------------------------------------------------------------------------
// Which refresh token is the newest, for tabs sharing localStorage

/**
 * Chromium hands a localStorage write to other tabs asynchronously, so a tab that gets the refresh lock right after
 * another tab refreshed may still read the old, spent refresh token. IndexedDB reads see every committed write, so it
 * keeps the SHA-256 of the newest refresh token (never the token): inside the lock, that says whether to wait for
 * the other tab's tokens instead of spending an old one.
 */
const NEWEST_DB = { name: "lab-spa", store: "refresh", key: "newest-refresh-token-sha256" } as const;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function openNewestDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(NEWEST_DB.name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(NEWEST_DB.store);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB did not open"));
  });
}

/** Runs one request on the record's store; resolves once its transaction has committed. */
async function inNewestStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openNewestDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(NEWEST_DB.store, mode);
      const request = act(transaction.objectStore(NEWEST_DB.store));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error("IndexedDB transaction failed"));
      transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB transaction aborted"));
    });
  } finally {
    db.close();
  }
}

/** Records `refreshToken` as the newest (after a sign-in or a refresh to localStorage), committed before it resolves. */
export async function recordNewestRefreshToken(refreshToken: string): Promise<void> {
  const hash = await sha256(refreshToken);
  await inNewestStore("readwrite", (store) => store.put(hash, NEWEST_DB.key)).catch(() => undefined);
}

/**
 * Whether another tab has refreshed since `seenRefreshToken`: then this tab waits (up to `timeoutMs`) for that tab's
 * tokens to reach its localStorage and answers them, or "pending" if they have not arrived. "no": go ahead.
 */
export async function newerTokensFromAnotherTab(
  seenRefreshToken: string,
  timeoutMs: number,
): Promise<{ status: "no" } | { status: "newer"; tokens: StoredTokens } | { status: "pending" }> {
  const newest = await inNewestStore<unknown>("readonly", (store) => store.get(NEWEST_DB.key)).catch(() => undefined);
  if (typeof newest !== "string" || newest === (await sha256(seenRefreshToken))) return { status: "no" };
  const tokens = await new Promise<StoredTokens | undefined>((resolve) => {
    const check = async () => {
      const read = readTokens("local");
      if (read.status === "present" && read.tokens.refresh_token && (await sha256(read.tokens.refresh_token)) === newest) {
        finish(read.tokens);
      }
    };
    const onStorage = () => void check();
    const finish = (found: StoredTokens | undefined) => {
      clearTimeout(timer);
      window.removeEventListener("storage", onStorage);
      resolve(found);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    window.addEventListener("storage", onStorage);
    void check();
  });
  return tokens ? { status: "newer", tokens } : { status: "pending" };
}
