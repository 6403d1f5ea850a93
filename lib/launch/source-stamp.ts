import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const SKIPPED_DIRS = new Set(["node_modules", ".next", ".data", "generated", "test-results", "playwright-report", ".git"]);
// Tests are not part of the build: editing one must not cost the cluster a rebuild.
const isTestFile = (name: string) => /\.test\.tsx?$/.test(name);

async function listFiles(entry: string): Promise<string[]> {
  const info = await readdir(entry, { withFileTypes: true }).catch(() => undefined);
  if (!info) return [entry];
  const nested = await Promise.all(
    info
      .filter((child) => !SKIPPED_DIRS.has(child.name) && !isTestFile(child.name))
      .map((child) => listFiles(path.join(entry, child.name))),
  );
  return nested.flat();
}

/** A hash over the names and contents of `entries` (files or folders), to tell whether a rebuild is due. */
export async function sourceStamp(entries: string[]): Promise<string> {
  const hash = createHash("sha256");
  const files = (await Promise.all(entries.map(listFiles))).flat().sort();
  for (const file of files) {
    const content = await readFile(file).catch(() => undefined);
    if (content === undefined) continue;
    hash.update(file).update("\0").update(content).update("\0");
  }
  return hash.digest("hex");
}
