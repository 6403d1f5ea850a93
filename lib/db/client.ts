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
  if (!globalThis.labDatabasePool) {
    // allowExitOnIdle: a script (the bench, a test) may end while idle connections remain.
    const pool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, allowExitOnIdle: true });
    // An idle connection the server closed (a restart, an outage) is an event, not a crash: the pool
    // drops it and connects afresh on the next query. The code only, never the message (it can name the server).
    pool.on("error", (error) => {
      console.error(
        `[db] an idle database connection closed (${"code" in error ? String(error.code) : error.name}); the pool will reconnect`,
      );
    });
    globalThis.labDatabasePool = pool;
  }
  return globalThis.labDatabasePool;
}

/** The one Prisma client, over the one pool. */
export function prisma(): PrismaClient {
  globalThis.labPrisma ??= new PrismaClient({ adapter: new PrismaPg(databasePool()) });
  return globalThis.labPrisma;
}
