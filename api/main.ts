import { parseApiEnv, startApi } from "@/api/server";

// `npm run api`: the API service alone, in its own process.
const stop = await startApi(parseApiEnv(process.env));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
