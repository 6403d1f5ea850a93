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
export const STORAGE_CHOICE_KEY = "lab-spa-storage";
export const TOKENS_KEY = "lab-spa-tokens";
const DEFAULT_CHOICE: StorageChoice = "local";

const storageChoiceSchema = z.enum(["local", "session", "memory", "bff"]);

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
