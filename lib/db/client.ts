import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

declare global {
  // Development reloads modules; keep one pool and one client per process.
  var labDatabasePool: pg.Pool | undefined;
  var labPrisma: PrismaClient | undefined;
}

/**
 * The one connection pool, shared by Prisma and the lean session read's prepared statement, created
 * on first use so that `next build` needs no database.
 */
export function databasePool(): pg.Pool {
  // allowExitOnIdle: a script (the bench, a test) may end while idle connections remain.
  globalThis.labDatabasePool ??= new pg.Pool({ connectionString: getEnv().DATABASE_URL, allowExitOnIdle: true });
  return globalThis.labDatabasePool;
}

/** The one Prisma client, over the one pool. */
export function prisma(): PrismaClient {
  globalThis.labPrisma ??= new PrismaClient({ adapter: new PrismaPg(databasePool()) });
  return globalThis.labPrisma;
}
