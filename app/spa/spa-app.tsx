"use client";

import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { exposeSpaApiCall } from "@/app/spa/exposed-api";
import {
  callApiThroughBff,
  readBffSession,
  refreshBffNow,
  signOutOfBff,
  startBffSignIn,
  type BffSession,
} from "@/app/spa/bff-client";
import {
  callApi,
  refreshDelayMs,
  refreshTokens,
  shouldSignInSilently,
  signOut,
  startSignIn,
  type ApiAnswer,
  type ApiPath,
  type RefreshOutcome,
} from "@/app/spa/oauth-client";
import {
  readStorageChoice,
  readTokens,
  saveStorageChoice,
  STORAGE_CHOICES,
  subscribeToTokenStore,
  type BrowserStorageChoice,
  type StorageChoice,
  type TokenRead,
} from "@/app/spa/token-store";

const card = "space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm";
const button =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50";
const primaryButton =
  "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50";

type Notice = { tone: "error" | "success"; text: string };

const noSubscription = () => () => undefined;
/** False while the server renders and the page hydrates, true after: storage exists only in the browser. */
const useInBrowser = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

const timeOf = (date: Date | number) => new Date(date).toLocaleTimeString();

function NoticeLine({ notice }: { notice?: Notice }) {
  if (!notice) return null;
  const colours =
    notice.tone === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-800";
  return (
    <p role={notice.tone === "error" ? "alert" : "status"} className={`rounded-md border px-3 py-2 text-sm ${colours}`}>
      {notice.text}
    </p>
  );
}

/** The single-page app: the storage choice, then the sign-in and the API calls for that choice. */
export function SpaApp({ apiUrl, notice, preselect }: { apiUrl: string; notice?: string; preselect?: StorageChoice }) {
  const inBrowser = useInBrowser();
  const choice = useSyncExternalStore(subscribeToTokenStore, readStorageChoice, () => undefined);
  const [switchNotice, setSwitchNotice] = useState<Notice>();

  /** A new place for the tokens starts signed out: the old place's tokens are revoked and removed, not carried over. */
  const switchTo = useCallback(
    async (next: StorageChoice) => {
      if (!choice || next === choice) return;
      let signedOut = false;
      if (choice === "bff") signedOut = (await signOutOfBff()).ok;
      else if (readTokens(choice).status !== "none") signedOut = (await signOut(choice)).revoked;
      saveStorageChoice(next);
      const label = STORAGE_CHOICES.find((option) => option.value === next)?.label ?? next;
      setSwitchNotice({
        tone: "success",
        text: `Now keeping tokens in ${label}.${signedOut ? " The tokens kept the old way were revoked: sign in again." : ""}`,
      });
    },
    [choice],
  );

  // A link naming a place (/spa?storage=…) picks it once, as a click on its radio would; the address then drops it.
  const preselectDone = useRef(false);
  useEffect(() => {
    if (!preselect || !choice || preselectDone.current) return;
    preselectDone.current = true;
    const url = new URL(window.location.href);
    url.searchParams.delete("storage");
    window.history.replaceState(window.history.state, "", url);
    void switchTo(preselect);
  }, [preselect, choice, switchTo]);

  if (!inBrowser || !choice) {
    return (
      <p role="status" className={card}>
        Loading the app…
      </p>
    );
  }
  return (
    <>
      <section aria-labelledby="storage-heading" className={card}>
        <h2 id="storage-heading" className="text-xl font-semibold">
          Storage
        </h2>
        <StorageChoiceFieldset choice={choice} onChange={(next) => void switchTo(next)} />
        <NoticeLine notice={switchNotice} />
      </section>
      {choice === "bff" ? (
        <BffClient />
      ) : (
        <BrowserTokenClient key={choice} choice={choice} apiUrl={apiUrl} initialNotice={notice} />
      )}
    </>
  );
}

function StorageChoiceFieldset({ choice, onChange }: { choice: StorageChoice; onChange: (next: StorageChoice) => void }) {
  return (
    <fieldset className="space-y-3">
      <legend className="mb-2 font-medium">Where the app keeps its tokens</legend>
      {STORAGE_CHOICES.map((option) => (
        <label
          key={option.value}
          className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 has-checked:border-indigo-500 has-checked:bg-indigo-50"
        >
          <input
            type="radio"
            name="lab-spa-storage"
            value={option.value}
            checked={option.value === choice}
            onChange={() => onChange(option.value)}
            aria-labelledby={`storage-${option.value}-label`}
            aria-describedby={`storage-${option.value}-note`}
            className="mt-1"
          />
          <span>
            <span id={`storage-${option.value}-label`} className="block font-medium">
              {option.label}
            </span>
            <span id={`storage-${option.value}-note`} className="block text-sm text-slate-600">
              {option.explanation}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The two sections every choice shows: where the sign-in stands (with its buttons), and the API calls. */
function ClientSections(props: {
  status: ReactNode;
  signedIn: boolean;
  busy: boolean;
  notice?: Notice;
  answer?: ApiAnswer;
  apiDescription: ReactNode;
  refreshNote?: string;
  onSignIn: () => void;
  onSignOut: () => void;
  onRefresh?: () => void;
  onCall: (path: ApiPath) => void;
}) {
  const { signedIn, busy } = props;
  return (
    <>
      <section aria-labelledby="sign-in-heading" className={card}>
        <h2 id="sign-in-heading" className="text-xl font-semibold">
          Sign-in
        </h2>
        <div className="text-sm">{props.status}</div>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={primaryButton} disabled={busy || signedIn} onClick={props.onSignIn}>
            Sign in
          </button>
          <button
            type="button"
            className={button}
            disabled={busy || !signedIn || !props.onRefresh}
            onClick={props.onRefresh}
            aria-describedby={props.refreshNote ? "refresh-note" : undefined}
          >
            Refresh now
          </button>
          <button type="button" className={button} disabled={busy || !signedIn} onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
        {props.refreshNote && (
          <p id="refresh-note" className="text-sm text-slate-600">
            {props.refreshNote}
          </p>
        )}
        <NoticeLine notice={props.notice} />
      </section>
      <section aria-labelledby="api-heading" className={card}>
        <h2 id="api-heading" className="text-xl font-semibold">
          Calls to the API
        </h2>
        <p className="text-sm text-slate-700">{props.apiDescription}</p>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={button} disabled={busy || !signedIn} onClick={() => props.onCall("/me")}>
            Call /me
          </button>
          <button type="button" className={button} disabled={busy || !signedIn} onClick={() => props.onCall("/notes")}>
            Call /notes
          </button>
        </div>
        {props.answer && (
          <figure aria-label="API answer" className="space-y-1">
            <figcaption className="text-sm font-medium">
              GET {props.answer.path}: HTTP {props.answer.status}
            </figcaption>
            <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
              {JSON.stringify(props.answer.body, null, 2)}
            </pre>
          </figure>
        )}
      </section>
    </>
  );
}

const NOTHING_READ: TokenRead = { status: "none" };

/** localStorage, sessionStorage and Memory only: this page holds the tokens and calls the API itself. */
function BrowserTokenClient({
  choice,
  apiUrl,
  initialNotice,
}: {
  choice: BrowserStorageChoice;
  apiUrl: string;
  initialNotice?: string;
}) {
  const read = useSyncExternalStore(
    subscribeToTokenStore,
    () => readTokens(choice),
    () => NOTHING_READ,
  );
  const [notice, setNotice] = useState<Notice | undefined>(initialNotice ? { tone: "error", text: initialNotice } : undefined);
  const [answer, setAnswer] = useState<ApiAnswer>();
  const { busy, setBusy, run } = useBusy();
  const silentSignInDue = shouldSignInSilently(choice);

  const signIn = useCallback(
    async (silent: boolean) => {
      setBusy(true);
      try {
        await startSignIn({ apiUrl, choice, silent });
      } catch {
        setBusy(false);
        setNotice({
          tone: "error",
          text: "The site's provider could not be reached to sign in. Check that the site is running.",
        });
      }
    },
    [apiUrl, choice, setBusy],
  );

  /** What a refresh did, in words; a refresh token that is no more (or none at all) ends in a sign-in. */
  const report = useCallback(
    (outcome: RefreshOutcome, forced: boolean) => {
      if (outcome.status === "needs-sign-in") void signIn(true);
      else if (outcome.status === "signed-out" || outcome.status === "failed")
        setNotice({ tone: "error", text: outcome.message });
      else if (forced && outcome.status === "refreshed") {
        setNotice({
          tone: "success",
          text: `Refreshed: a new access token (until ${timeOf(outcome.tokens.expires_at)}) and a new refresh token; the old refresh token is used up.`,
        });
      } else if (forced) {
        setNotice({
          tone: "success",
          text: "Another tab had just refreshed: this tab uses its new tokens, so the browser spent one refresh token, not two.",
        });
      }
    },
    [signIn],
  );

  // Refresh ahead of expiry; every tab schedules its own, and the lock lets only one of them spend the refresh token.
  useEffect(() => {
    if (read.status !== "present") return;
    const tokens = read.tokens;
    const timer = setTimeout(
      () => {
        void refreshTokens(choice, tokens, false).then((outcome) => report(outcome, false));
      },
      refreshDelayMs(tokens, Date.now()),
    );
    return () => clearTimeout(timer);
  }, [choice, read, report]);

  // What an injected script finds on this page: the app's own way to call the API, which it can use, tokens and all.
  useEffect(
    () =>
      exposeSpaApiCall(async (path) => {
        const outcome = await callApi(choice, apiUrl, path);
        return { status: outcome.status === "answered" ? outcome.answer.status : 0 };
      }),
    [apiUrl, choice],
  );

  // Memory only after a reload: the tokens went with the old page, so ask the provider again without a prompt.
  useEffect(() => {
    if (!silentSignInDue) return;
    startSignIn({ apiUrl, choice, silent: true }).catch(() =>
      setNotice({ tone: "error", text: "The site's provider could not be reached to sign in again. Sign in." }),
    );
  }, [apiUrl, choice, silentSignInDue]);

  const refreshNow = () =>
    run(async () => {
      if (read.status === "present") report(await refreshTokens(choice, read.tokens, true), true);
    });

  const call = (path: ApiPath) =>
    run(async () => {
      const outcome = await callApi(choice, apiUrl, path);
      if (outcome.status === "answered") {
        setAnswer(outcome.answer);
        setNotice(undefined);
      } else if (outcome.status === "needs-sign-in") void signIn(true);
      else {
        setAnswer(undefined);
        setNotice({ tone: "error", text: outcome.message });
      }
    });

  const signOutHere = () =>
    run(async () => {
      const outcome = await signOut(choice);
      setAnswer(undefined);
      setNotice({ tone: outcome.revoked ? "success" : "error", text: outcome.message });
    });

  const label = STORAGE_CHOICES.find((option) => option.value === choice)?.label ?? choice;
  const noRefreshToken = read.status === "present" && !read.tokens.refresh_token;
  return (
    <ClientSections
      status={<BrowserTokenStatus read={read} label={label} silentSignInDue={silentSignInDue} />}
      signedIn={read.status === "present"}
      busy={busy || silentSignInDue}
      notice={notice}
      answer={answer}
      apiDescription={
        <>
          <code>GET {apiUrl}/me</code> and <code>/notes</code> with <code>Authorization: Bearer</code> and the access token,
          straight from this page to the API&apos;s origin. The API allows this site&apos;s pages, and no other site&apos;s, to
          read its answers (CORS).
        </>
      }
      refreshNote={
        noRefreshToken
          ? "This tab holds no refresh token (a silent sign-in gets none), so when the access token is due the app signs in silently again."
          : choice === "memory"
            ? "Memory only: a reload loses the tokens. The app then signs in again silently (prompt=none) with a full-page round trip to the provider, since this site forbids framing its pages; that works while your site session lasts."
            : undefined
      }
      onSignIn={() => void signIn(false)}
      onSignOut={() => void signOutHere()}
      onRefresh={noRefreshToken ? undefined : () => void refreshNow()}
      onCall={(path) => void call(path)}
    />
  );
}

function BrowserTokenStatus({ read, label, silentSignInDue }: { read: TokenRead; label: string; silentSignInDue: boolean }) {
  if (silentSignInDue) return <p role="status">Signing in again silently…</p>;
  if (read.status === "unreadable") {
    return (
      <p role="alert" className="text-red-800">
        The tokens in {read.where} are not the ones this app stored (changed, or damaged), so they are not used. Sign in again.
      </p>
    );
  }
  if (read.status === "none") return <p data-testid="spa-status">Not signed in: this app holds no tokens.</p>;
  const { tokens } = read;
  return (
    <p data-testid="spa-status">
      Signed in. The access token in {label} lasts until <strong>{timeOf(tokens.expires_at)}</strong>
      {tokens.refresh_token
        ? "; the refresh token renews it 30 seconds before (halfway for a shorter life), and is replaced each time."
        : "; there is no refresh token."}
    </p>
  );
}

/** Backend for frontend: the site holds the tokens; this page asks it, with its cookie, and never sees a token. */
/** Whether the app is waiting on the network, and `run`, which keeps the buttons disabled while one call is under way. */
function useBusy() {
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  return { busy, setBusy, run };
}

function BffClient() {
  const [session, setSession] = useState<BffSession>();
  const [notice, setNotice] = useState<Notice>();
  const [answer, setAnswer] = useState<ApiAnswer>();
  const { busy, setBusy, run } = useBusy();

  const showSession = (outcome: Awaited<ReturnType<typeof readBffSession>>) => {
    if (outcome.ok) setSession(outcome.value);
    else {
      setSession({ signedIn: false });
      setNotice({ tone: "error", text: outcome.message });
    }
  };
  const loadSession = async () => showSession(await readBffSession());

  useEffect(() => {
    let shown = true;
    void readBffSession().then((outcome) => {
      if (shown) showSession(outcome);
    });
    return () => {
      shown = false;
    };
  }, []);

  const call = (path: ApiPath) =>
    run(async () => {
      const outcome = await callApiThroughBff(path);
      if (!outcome.ok) {
        setNotice({ tone: "error", text: outcome.message });
        return;
      }
      setAnswer(outcome.value);
      setNotice(undefined);
      // The site found no tokens for this cookie (signed out elsewhere, or revoked): show the sign-in prompt.
      if (outcome.value.status === 401) await loadSession();
    });

  const refreshNow = () =>
    run(async () => {
      const outcome = await refreshBffNow();
      showSession(outcome);
      if (!outcome.ok) return;
      setNotice(
        outcome.value.signedIn
          ? {
              tone: "success",
              text: `Refreshed: the site holds a new access token${outcome.value.expiresAt ? ` (until ${timeOf(outcome.value.expiresAt)})` : ""} and a new refresh token; this browser's cookie is unchanged.`,
            }
          : { tone: "error", text: "The site holds no tokens for this browser any more (signed out or revoked). Sign in." },
      );
    });

  const signOutHere = () =>
    run(async () => {
      const outcome = await signOutOfBff();
      setAnswer(undefined);
      setNotice(
        outcome.ok
          ? { tone: "success", text: "Signed out: the site revoked the refresh token, forgot the tokens and cleared the cookie." }
          : { tone: "error", text: outcome.message },
      );
      await loadSession();
    });

  const signedIn = session?.signedIn === true;
  return (
    <ClientSections
      status={
        session === undefined ? (
          <p role="status">Asking the site…</p>
        ) : signedIn ? (
          <p data-testid="spa-status">
            Signed in. The site holds the tokens; this browser holds only the HttpOnly <code>lab-bff</code> cookie
            {session.expiresAt ? (
              <>
                . The access token lasts until <strong>{timeOf(session.expiresAt)}</strong>.
              </>
            ) : (
              "."
            )}
          </p>
        ) : (
          <p data-testid="spa-status">Not signed in: the site holds no tokens for this browser.</p>
        )
      }
      signedIn={signedIn}
      busy={busy || session === undefined}
      notice={notice}
      answer={answer}
      apiDescription={
        <>
          <code>GET /api/bff/api/me</code> and <code>/notes</code> on this site, with the cookie. The site adds the bearer token,
          refreshing it first when it is due, and passes the API&apos;s answer on.
        </>
      }
      refreshNote="The site also refreshes its tokens by itself, when a call finds them due: this page never holds one."
      onRefresh={() => void refreshNow()}
      onSignIn={() => {
        setBusy(true);
        startBffSignIn();
      }}
      onSignOut={() => void signOutHere()}
      onCall={(path) => void call(path)}
    />
  );
}
