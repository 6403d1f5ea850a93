import { access, readFile, writeFile } from "node:fs/promises";
import { localBin, runCommand } from "@/lib/launch/run-command";
import { sourceStamp } from "@/lib/launch/source-stamp";

const STAMP = ".next/lab-source-stamp";
const BUILD_INPUTS = [
  "app",
  "lib",
  "prisma/schema.prisma",
  "public",
  "instrumentation.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

/** Runs `next build` only when the sources changed since the last production build. */
export async function ensureProductionBuild(log: (line: string) => void) {
  const stamp = await sourceStamp(BUILD_INPUTS);
  const built = await access(".next/BUILD_ID").then(
    () => true,
    () => false,
  );
  if (built && (await readFile(STAMP, "utf8").catch(() => "")) === stamp) {
    log("Sources unchanged: reusing the production build in .next/");
    return;
  }
  log("Building for production (next build)…");
  await runCommand(localBin("next"), ["build"], { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
  await writeFile(STAMP, stamp);
}
