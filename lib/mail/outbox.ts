import "server-only";
import { headers } from "next/headers";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { LOOPBACK_CLIENT_HEADER } from "@/lib/mail/outbox-access";

const OUTBOX_LIMIT = 50;

/** Keeps a magic-link email for the development outbox page instead of sending it. */
export async function saveToOutbox(message: { to: string; subject: string; url: string }) {
  await prisma().outboxMessage.create({ data: message });
}

/** The newest outbox messages, newest first. */
export async function listOutbox() {
  return prisma().outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take: OUTBOX_LIMIT });
}

/** Whether the request being served may see the outbox: it is on, and the front door vouched the client is this machine. */
export async function outboxVisibleHere(): Promise<boolean> {
  if (!getEnv().outboxEnabled) return false;
  return (await headers()).get(LOOPBACK_CLIENT_HEADER) === "1";
}
