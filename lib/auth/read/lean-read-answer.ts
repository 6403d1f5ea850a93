import type { SessionDto } from "@/lib/auth/read/session-dto";
import type { SessionCredential } from "@/lib/auth/read/session-read-result";

/** What a lean read found, before its cost is attached. */
export type LeanReadAnswer =
  | {
      status: "signed-in";
      session: SessionDto;
      credential: SessionCredential;
      sessionSetCookies: string[];
      hybridTokenIssued: boolean;
    }
  | { status: "signed-out"; sessionSetCookies: string[] };
