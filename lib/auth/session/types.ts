import type { JWT } from "next-auth/jwt";
import type { SessionSetup } from "@/lib/auth/mode";
import type { OutgoingCookie } from "@/lib/auth/cookies";
import type { ReadTrace } from "@/lib/auth/session/trace";

/** The only shape of a session that leaves the server: no token, no hash, no secret. */
export type SessionDto = {
  user: { id: string; name: string | null; email: string | null; image: string | null };
  expires: string;
};

type UserLike = { id?: string | null; name?: string | null; email?: string | null; image?: string | null };

/** Copies only the public fields; whatever else the source carries stays behind. */
export function toSessionDto(user: UserLike, expires: Date | string): SessionDto {
  return {
    user: {
      id: user.id ?? "",
      name: user.name ?? null,
      email: user.email ?? null,
      image: user.image ?? null,
    },
    expires: typeof expires === "string" ? expires : expires.toISOString(),
  };
}

/** Which credential authenticated this request: a Session row, or a token and its grant (`sid`). */
export type SessionCredential =
  | {
      kind: "session";
      sessionRowId: string;
      expires: Date;
      /** True when a hybrid token answered for the session without a store read: the session may be gone since. */
      fromHybridToken?: true;
    }
  | { kind: "token"; tokenSid: string | undefined; claims: JWT };

/** The mode the read used, and for a server session the store it read (null for a token); and the read's trace. */
type ReadOutcome = SessionSetup & { trace: ReadTrace };

export type SignedIn = ReadOutcome & {
  status: "signed-in";
  session: SessionDto;
  credential: SessionCredential;
  /** The cookies the read produced (a renewed session cookie, a hybrid token), for route handlers to send. */
  sessionSetCookies: OutgoingCookie[];
  /** A fresh hybrid token is among them: the session was read from its store. A page cannot set it, so it renews through a route. */
  hybridTokenIssued: boolean;
};
export type SignedOut = ReadOutcome & { status: "signed-out"; sessionSetCookies: OutgoingCookie[] };
/** The store did not answer: who this is cannot be known, and the cookie is kept. */
export type StoreUnavailable = ReadOutcome & { status: "store-unavailable" };

export type CurrentSession = SignedIn | SignedOut | StoreUnavailable;

/** What a lean read found, before its cost is attached. */
export type LeanReadAnswer =
  | {
      status: "signed-in";
      session: SessionDto;
      credential: SessionCredential;
      sessionSetCookies: OutgoingCookie[];
      hybridTokenIssued: boolean;
    }
  | { status: "signed-out"; sessionSetCookies: OutgoingCookie[] };
