import "server-only";
import { prisma } from "@/lib/db/client";

const SETTING_KEY = "jwt-revocation-check";
// Each instance re-reads the switch in the background this often; session reads never wait on it.
const POLL_MS = 1000;

let current: boolean | undefined;
let poller: NodeJS.Timeout | undefined;

async function readSetting(): Promise<boolean> {
  const row = await prisma().labSetting.findUnique({ where: { key: SETTING_KEY } });
  return row?.value === "on";
}

/** Whether jwt-mode reads check the deny-list (one database read each); off unless switched on. */
export async function isJwtRevocationCheckOn(): Promise<boolean> {
  if (current === undefined) current = await readSetting();
  poller ??= setInterval(() => {
    // A failed poll keeps the last known value: an outage must not flip security settings.
    readSetting().then(
      (on) => (current = on),
      () => undefined,
    );
  }, POLL_MS).unref();
  return current;
}

/** Turns the check on or off for every instance (the others see it within a second). */
export async function setJwtRevocationCheck(on: boolean): Promise<void> {
  const value = on ? "on" : "off";
  await prisma().labSetting.upsert({ where: { key: SETTING_KEY }, create: { key: SETTING_KEY, value }, update: { value } });
  current = on;
}
