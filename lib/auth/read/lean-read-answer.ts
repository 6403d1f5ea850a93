import type { SessionDto } from "@/lib/auth/read/session-dto";
import type { SessionCredential } from "@/lib/auth/read/session-read-result";

/** The session cookie as the browser sent it: every cookie, the session cookie's name, and its value joined from its chunks. */
export type SessionCookieRead = { cookies: Map<string, string>; name: string; value: string };

/** What a lean read found, before its cost is attached. */
export type LeanReadAnswer =
  | { status: "signed-in"; session: SessionDto; credential: SessionCredential; sessionSetCookies: string[] }
  | { status: "signed-out"; sessionSetCookies: string[] };
