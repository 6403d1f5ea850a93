import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import { prisma } from "@/lib/db/client";
import { currentAuthTrace, traceDbCall } from "@/lib/lab/auth-trace";

type SessionRow = AdapterSession & { id?: string; createdAt?: Date };

/** Auth.js's Prisma adapter, with the session calls timed for the lab's measurements. */
export function createLabAdapter(): Adapter {
  const base = PrismaAdapter(prisma());
  return {
    ...base,
    async getSessionAndUser(sessionToken) {
      const found = await traceDbCall(async () => base.getSessionAndUser!(sessionToken));
      const trace = currentAuthTrace();
      if (found && trace) {
        const row = found.session as SessionRow;
        trace.sessionRow = { id: row.id ?? "", userId: row.userId, expires: row.expires, createdAt: row.createdAt };
      }
      return found;
    },
    updateSession: (session) => traceDbCall(async () => base.updateSession!(session)),
    // Auth.js deletes whatever token a stale cookie holds; a row that is already gone is not an error.
    async deleteSession(sessionToken) {
      await traceDbCall(() => prisma().session.deleteMany({ where: { sessionToken } }));
    },
  };
}
