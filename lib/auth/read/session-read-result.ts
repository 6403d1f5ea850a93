import type { JWT } from "next-auth/jwt";
import type { SessionSetup } from "@/lib/auth/mode";
import type { SessionDto } from "@/lib/auth/read/session-dto";
import type { ReadTrace } from "@/lib/auth/session/trace";

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
  /** The Set-Cookie values the read produced for the session cookie (renewal), for route handlers to send. */
  sessionSetCookies: string[];
  /** A fresh hybrid token is among them: the session was read from its store. A page cannot set it, so it renews through a route. */
  hybridTokenIssued: boolean;
};
export type SignedOut = ReadOutcome & { status: "signed-out"; sessionSetCookies: string[] };
/** The store did not answer: who this is cannot be known, and the cookie is kept. */
export type StoreUnavailable = ReadOutcome & { status: "store-unavailable" };

export type CurrentSession = SignedIn | SignedOut | StoreUnavailable;
