import { ensurePrismaClient } from "@/lib/launch/prisma-client";
import { ensureProductionBuild } from "@/lib/launch/production-build";

const log = (line: string) => console.log(`[lab] ${line}`);

/** Before the tests: a current Prisma client and a current production build. */
ensurePrismaClient(log)
  .then(() => ensureProductionBuild(log))
  .catch((error: unknown) => {
    console.error(`[lab] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
