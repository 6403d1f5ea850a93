import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

declare global {
  // Development reloads modules; keep one client (and one pool) per process.
  var labPrisma: PrismaClient | undefined;
}

function createPrismaClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: getEnv().DATABASE_URL }) });
}

/** The one Prisma client, created on first use so that `next build` needs no database. */
export function prisma(): PrismaClient {
  globalThis.labPrisma ??= createPrismaClient();
  return globalThis.labPrisma;
}
