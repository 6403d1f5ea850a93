import "server-only";
import { getEnv } from "@/lib/env";
import { attackerDemonstrationSchema, type AttackerDemonstration } from "@/lib/lab/attack-results";

export type AttackerAnswer = { status: "ok"; demonstration: AttackerDemonstration } | { status: "unavailable"; reason: string };

/** The attacker's site answers on this machine within this, or is reported as not running. */
const ATTACKER_TIMEOUT_MS = 5_000;

/**
 * Asks the attacker's site (LAB_ATTACKER_URL) for its last demonstration, or to replay what it holds once more.
 * The site asks, server to server: the pages' CSP keeps the attacker's origin out of connect-src.
 */
export async function askAttackerSite(action: "result" | "replay"): Promise<AttackerAnswer> {
  const url = `${getEnv().LAB_ATTACKER_URL.replace(/\/$/, "")}/${action}`;
  const response = await fetch(url, {
    method: action === "replay" ? "POST" : "GET",
    cache: "no-store",
    signal: AbortSignal.timeout(ATTACKER_TIMEOUT_MS),
  }).catch(() => undefined);
  if (!response) return { status: "unavailable", reason: `The attacker's site at ${getEnv().LAB_ATTACKER_URL} is not running.` };
  if (response.status === 409)
    return { status: "unavailable", reason: "The attacker holds no token yet: run the injected script first." };
  const parsed = attackerDemonstrationSchema.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !parsed.success)
    return {
      status: "unavailable",
      reason: `The attacker's site answered ${response.status} with something else than a demonstration.`,
    };
  return { status: "ok", demonstration: parsed.data };
}
