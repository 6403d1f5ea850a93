import { refreshBffSession } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** Refreshes the BFF session's tokens now, server-side ("Refresh now"). */
export const POST = refreshBffSession;
