import type { JWT } from "next-auth/jwt";
import type { SessionSetup } from "@/lib/auth/mode";
import type { SessionDto } from "@/lib/auth/read/session-dto";
import type { AuthTrace } from "@/lib/auth/read/session-read-trace";

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

/** The mode the read used, and for a server session the store it read (null for a token). */
type ReadOutcome = SessionSetup & { cost: AuthTrace };

export type SignedIn = ReadOutcome & {
  status: "signed-in";
  session: SessionDto;
  credential: SessionCredential;
  /** The Set-Cookie values the read produced for the session cookie (renewal), for route handlers to send. */
  sessionSetCookies: string[];
};
export type SignedOut = ReadOutcome & { status: "signed-out"; sessionSetCookies: string[] };
/** The store did not answer: who this is cannot be known, and the cookie is kept. */
export type StoreUnavailable = ReadOutcome & { status: "store-unavailable" };

export type CurrentSession = SignedIn | SignedOut | StoreUnavailable;
