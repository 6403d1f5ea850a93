import { access, readFile, writeFile } from "node:fs/promises";
import { localBin, runCommand } from "@/lib/launch/run-command";
import { sourceStamp } from "@/lib/launch/source-stamp";

const STAMP = "lib/generated/prisma/.schema-stamp";

/** Generates the Prisma client when prisma/schema.prisma changed since the last generation. */
export async function ensurePrismaClient(log: (line: string) => void) {
  const stamp = await sourceStamp(["prisma/schema.prisma", "package-lock.json"]);
  const current = await readFile(STAMP, "utf8").catch(() => "");
  const generated = await access("lib/generated/prisma/client.ts").then(
    () => true,
    () => false,
  );
  if (generated && current === stamp) return;
  log("Generating the Prisma client…");
  // `prisma generate` is WASM; naming any existing file as the schema engine stops it downloading one.
  await runCommand(localBin("prisma"), ["generate"], {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  });
  await writeFile(STAMP, stamp);
}
