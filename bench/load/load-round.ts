import autocannon, { type Client } from "autocannon";
import { z } from "zod";
import { storeQueriesInServerTiming } from "@/bench/load/response-headers";
import { cookiesOfHeader, createBrowserCookieJar, type BrowserCookieJar } from "@/bench/harness/browser-cookie-jar";

export type RoundResult = {
  latenciesMs: number[];
  requests: number;
  errors: number;
  elapsedMs: number;
  /** Store queries the server reported in its Server-Timing, summed over the responses. */
  storeReads: number;
  /** With `keepCookies`: the Cookie header the first connection sent last (its session cookie and what the server set). */
  lastCookie?: string;
};

/**
 * What autocannon's client really emits once a response's headers are parsed: http-parser-js's info,
 * whose `headers` are raw, name then value (its typings say a header object, which it is not).
 */
const parsedHeadersSchema = z.object({ headers: z.array(z.string()) });

function headerPairs(parsed: unknown): [string, string][] {
  const info = parsedHeadersSchema.safeParse(parsed);
  const raw = info.success ? info.data.headers : [];
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    pairs.push([(raw[index] ?? "").toLowerCase(), raw[index + 1] ?? ""]);
  }
  return pairs;
}

/**
 * One timed burst of HTTP load from `connections` keep-alive connections, every latency kept, and the
 * store queries the server reported counted. With `keepCookies`, each connection starts from `cookie`
 * and then keeps what the server's Set-Cookie headers say, as a browser does.
 */
export async function runLoadRound(options: {
  url: string;
  cookie?: string;
  /** Sent on every request besides the cookie (an API series' Authorization). */
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  keepCookies?: boolean;
  onTick?: (requestsSoFar: number) => void;
}): Promise<RoundResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let storeReads = 0;
  const jars: BrowserCookieJar[] = [];
  let finish: (error: Error | null) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())));
  const setupClient = (client: Client) => {
    const jar = options.keepCookies ? createBrowserCookieJar(cookiesOfHeader(options.cookie ?? "")) : undefined;
    if (jar) jars.push(jar);
    let sent = options.cookie ?? "";
    client.on("headers", (parsed: unknown) => {
      const pairs = headerPairs(parsed);
      for (const [name, value] of pairs) if (name === "server-timing") storeReads += storeQueriesInServerTiming(value);
      if (!jar) return;
      jar.keepSetCookies(pairs.filter(([name]) => name === "set-cookie").map(([, value]) => value));
      // The next request goes out now: like a browser, it carries no cookie that has expired by then.
      const header = jar.header();
      if (header !== sent) client.setHeaders({ cookie: (sent = header) });
    });
  };
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.seconds,
      headers: { ...options.headers, ...(options.cookie ? { cookie: options.cookie } : {}) },
      setupClient,
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
  return {
    latenciesMs,
    requests: latenciesMs.length,
    errors,
    elapsedMs: performance.now() - started,
    storeReads,
    ...(jars[0] ? { lastCookie: jars[0].header() } : {}),
  };
}
