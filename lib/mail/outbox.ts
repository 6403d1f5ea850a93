import "server-only";
import { prisma } from "@/lib/db/client";

const OUTBOX_LIMIT = 50;

/** Keeps a magic-link email for the development outbox page instead of sending it. */
export async function saveToOutbox(message: { to: string; subject: string; url: string }) {
  await prisma().outboxMessage.create({ data: message });
}

/** The newest outbox messages, newest first. */
export async function listOutbox() {
  return prisma().outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take: OUTBOX_LIMIT });
}
