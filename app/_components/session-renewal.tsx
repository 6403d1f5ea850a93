"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { z } from "zod";

const sessionResponse = z.object({ user: z.object({ id: z.string() }) }).nullable();

/**
 * Pages cannot set cookies, so while one is open this asks Auth.js's session endpoint, which
 * re-issues the cookie (a fresh JWT, or a later expiry for the session token). When the answer
 * is "signed out" (revoked, expired), the page refreshes to show it.
 */
export function SessionRenewal({ intervalSeconds }: { intervalSeconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const renew = async () => {
      if (document.visibilityState !== "visible") return;
      const response = await fetch("/api/auth/session", { cache: "no-store" }).catch(() => undefined);
      if (!response?.ok) return;
      const session = sessionResponse.safeParse(await response.json().catch(() => undefined));
      if (session.success && session.data === null) router.refresh();
    };
    const timer = setInterval(() => void renew(), intervalSeconds * 1000);
    return () => clearInterval(timer);
  }, [intervalSeconds, router]);
  return null;
}
