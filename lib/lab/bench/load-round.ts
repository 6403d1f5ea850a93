import autocannon from "autocannon";

export type RoundResult = { latenciesMs: number[]; requests: number; errors: number; elapsedMs: number };

/** One timed burst of HTTP load from `connections` keep-alive connections, every latency kept. */
export async function runLoadRound(options: {
  url: string;
  cookie?: string;
  connections: number;
  seconds: number;
  onTick?: (requestsSoFar: number) => void;
}): Promise<RoundResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let finish: (error: Error | null) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())));
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.seconds,
      headers: options.cookie ? { cookie: options.cookie } : {},
    },
    (error: Error | null) => finish(error),
  );
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latenciesMs.push(responseTime);
    if (statusCode !== 200) errors += 1;
  });
  instance.on("reqError", () => (errors += 1));
  const ticker = setInterval(() => options.onTick?.(latenciesMs.length), 1000);
  const started = performance.now();
  try {
    await done;
  } finally {
    clearInterval(ticker);
  }
  return { latenciesMs, requests: latenciesMs.length, errors, elapsedMs: performance.now() - started };
}
