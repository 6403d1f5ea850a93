import { endBffLogin } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** Signs the BFF session out: the refresh token is revoked, the tokens forgotten and the cookie cleared. */
export const POST = endBffLogin;
