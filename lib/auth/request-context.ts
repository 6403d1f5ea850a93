import "server-only";
import { headers } from "next/headers";

export type RequestContext = { userAgent: string | null; ipAddress: string | null };

const MAX_USER_AGENT = 512;

/**
 * The user agent and client address of the request being served. The front door
 * (lib/http) leaves in X-Forwarded-For only the address its trusted proxies vouch for.
 */
export async function readRequestContext(): Promise<RequestContext> {
  try {
    const requestHeaders = await headers();
    return {
      userAgent: requestHeaders.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
      ipAddress: requestHeaders.get("x-forwarded-for")?.split(",")[0]?.trim().slice(0, 64) || null,
    };
  } catch {
    // Outside a request (scripts, tests) there is nothing to record.
    return { userAgent: null, ipAddress: null };
  }
}
