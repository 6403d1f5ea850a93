import { randomUUID } from "node:crypto";
import pg from "pg";
import { hashPassword } from "@/lib/auth/passwords/password";

/** Creates a verified person with `password` straight in PostgreSQL, as a fresh sign-up would leave them. */
export async function createClusterUser(databaseUrl: string, email: string, name: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", "emailVerified", "updatedAt") VALUES ($1, $2, $3, $4, now(), now())`,
      [`c${randomUUID().replaceAll("-", "").slice(0, 24)}`, email, name, await hashPassword(password)],
    );
  } finally {
    await client.end();
  }
}
