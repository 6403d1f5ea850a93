import { createHash } from "node:crypto";
import { mkdtemp, mkdir, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createIsolatedSchema } from "@/lib/testing/isolated-schema";

let db: Awaited<ReturnType<typeof createIsolatedSchema>>;
let migrationsDir: string;

async function addMigration(name: string, sql: string) {
  await mkdir(path.join(migrationsDir, name), { recursive: true });
  await writeFile(path.join(migrationsDir, name, "migration.sql"), sql);
}

beforeEach(async () => {
  db = await createIsolatedSchema();
  migrationsDir = await mkdtemp(path.join(tmpdir(), "migrations-"));
});

afterEach(async () => {
  await db.drop();
});

describe("migration runner", () => {
  it("applies the project's migrations once and records them as Prisma does", async () => {
    await cp("prisma/migrations", migrationsDir, { recursive: true });
    const onDisk = await readMigrations(migrationsDir);

    const first = await migrate(db.url, migrationsDir);
    expect(first.applied).toEqual(onDisk.map((migration) => migration.name));

    const second = await migrate(db.url, migrationsDir);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);

    const { rows } = await db.client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(onDisk.length);
    rows.forEach((row, index) => {
      expect(row.migration_name).toBe(onDisk[index]!.name);
      expect(row.checksum).toBe(onDisk[index]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    });
    const tables = await db.client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
    );
    expect(tables.rows.map((row) => row.table_name).sort()).toEqual(
      [
        "Account",
        "BffSession",
        "IssuedToken",
        "OidcModel",
        "OutboxMessage",
        "RateLimitBucket",
        "Session",
        "User",
        "VerificationToken",
        "_prisma_migrations",
      ].sort(),
    );
  });

  it("hashes the plain session tokens of earlier versions, so their owners stay signed in", async () => {
    await cp("prisma/migrations", migrationsDir, { recursive: true });
    const [first] = await readMigrations(migrationsDir);
    const onlyFirst = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await cp(path.join(migrationsDir, first!.name), path.join(onlyFirst, first!.name), { recursive: true });
    await migrate(db.url, onlyFirst);
    await db.client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('u1', 'old@example.com', now())`);
    await db.client.query(
      `INSERT INTO "Session" (id, "sessionToken", "userId", expires, "updatedAt") VALUES ('s1', 'plain-token', 'u1', now() + interval '1 day', now())`,
    );

    await migrate(db.url, migrationsDir);

    const { rows } = await db.client.query<{ sessionToken: string }>(`SELECT "sessionToken" FROM "Session" WHERE id = 's1'`);
    expect(rows[0]!.sessionToken).toBe(createHash("sha256").update("plain-token").digest("hex"));
  });

  it("applies only what is new, in name order", async () => {
    await addMigration("20260101000000_first", `CREATE TABLE one (id int);`);
    expect((await migrate(db.url, migrationsDir)).applied).toEqual(["20260101000000_first"]);
    await addMigration("20260103000000_third", `CREATE TABLE three (id int REFERENCES two(id));`);
    await addMigration("20260102000000_second", `CREATE TABLE two (id int PRIMARY KEY);`);
    expect((await migrate(db.url, migrationsDir)).applied).toEqual(["20260102000000_second", "20260103000000_third"]);
  });

  it("rolls a failing migration back completely and records nothing", async () => {
    await addMigration("20260101000000_broken", `CREATE TABLE half (id int); SELECT no_such_function();`);
    await expect(migrate(db.url, migrationsDir)).rejects.toThrow(/20260101000000_broken failed and was rolled back/);
    const tables = await db.client.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'half'`,
    );
    expect(tables.rowCount).toBe(0);
    const recorded = await db.client.query(`SELECT 1 FROM "_prisma_migrations"`);
    expect(recorded.rowCount).toBe(0);
  });

  it("refuses a migration that was edited after it was applied", async () => {
    await addMigration("20260101000000_first", `CREATE TABLE one (id int);`);
    await migrate(db.url, migrationsDir);
    await addMigration("20260101000000_first", `CREATE TABLE one (id bigint);`);
    await expect(migrate(db.url, migrationsDir)).rejects.toThrow(/was edited after it was applied/);
  });
});
