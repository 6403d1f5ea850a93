import { isLoopbackAddress } from "@/lib/http/client-address";

/** Whether a server bound to `hostname` can be reached only from this machine. */
export function isLoopbackBind(hostname: string): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  return bare.toLowerCase() === "localhost" || isLoopbackAddress(bare);
}

export type OutboxSetting = { LAB_OUTBOX: "on" | "off" | undefined; notice?: string };

/**
 * LAB_OUTBOX for a server bound to `hostname`. The outbox hands out working sign-in links, so a server
 * others can reach never keeps one, whatever LAB_OUTBOX says: magic links then need SMTP.
 */
export function outboxSetting(hostname: string, env: Readonly<Record<string, string | undefined>>): OutboxSetting {
  const current = env.LAB_OUTBOX === "on" || env.LAB_OUTBOX === "off" ? env.LAB_OUTBOX : undefined;
  if (env.EMAIL_SERVER?.trim() || isLoopbackBind(hostname)) return { LAB_OUTBOX: current };
  return {
    LAB_OUTBOX: "off",
    notice: `Listening on ${hostname} with no EMAIL_SERVER: the development outbox is off, so magic links need EMAIL_SERVER; password sign-in works.`,
  };
}
