import { parseApiEnv, startApi } from "@/api/server";

// `npm run api`: the API service alone, in its own process.
try {
  const stop = await startApi(parseApiEnv(process.env));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
} catch (error) {
  // A setting or key file that is wrong says so in one line, without a stack.
  console.error(`[api] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
