import { bffSessionStatus } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** `{ signedIn, expiresAt }` for this browser's backend-for-frontend session. */
export const GET = bffSessionStatus;
