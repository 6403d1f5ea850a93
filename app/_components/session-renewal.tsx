"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Pages cannot set cookies, so while one is open this reads the session from /api/me, which re-issues
 * the cookie when it is due (a fresh JWT, or a later expiry for the session token). When the answer
 * is "signed out" (401: revoked, expired), the page refreshes to show it.
 */
export function SessionRenewal({ intervalSeconds, renewNow = false }: { intervalSeconds: number; renewNow?: boolean }) {
  const router = useRouter();
  useEffect(() => {
    const renew = async () => {
      if (document.visibilityState !== "visible") return;
      const response = await fetch("/api/me", { cache: "no-store" }).catch(() => undefined);
      if (response?.status === 401) router.refresh();
    };
    // A page read that had to look the session up (a hybrid browser without a live token) gets one at once.
    if (renewNow) void renew();
    const timer = setInterval(() => void renew(), intervalSeconds * 1000);
    return () => clearInterval(timer);
  }, [intervalSeconds, renewNow, router]);
  return null;
}
