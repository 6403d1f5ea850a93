export type DeviceLabel = { browser: string; os: string };

// Order matters: Edge and Opera say "Chrome", Chrome says "Safari".
const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, "Edge"],
  [/OPR\/(\d+)/, "Opera"],
  [/Firefox\/(\d+)/, "Firefox"],
  [/FxiOS\/(\d+)/, "Firefox"],
  [/HeadlessChrome\/(\d+)/, "Headless Chrome"],
  [/CriOS\/(\d+)/, "Chrome"],
  [/Chrome\/(\d+)/, "Chrome"],
  [/Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, "Safari"],
  [/^curl\/(\d+)/, "curl"],
  [/^node|undici/i, "Node.js"],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/Windows NT/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** A short, human label for a User-Agent header: "Chrome 131", "macOS". Unknown parts say so. */
export function describeUserAgent(userAgent: string | null | undefined): DeviceLabel {
  if (!userAgent) return { browser: "Unknown browser", os: "unknown system" };
  const browserMatch = BROWSERS.map(([pattern, name]) => [userAgent.match(pattern), name] as const).find(([match]) => match);
  const browser = browserMatch ? `${browserMatch[1]}${browserMatch[0]?.[1] ? ` ${browserMatch[0][1]}` : ""}` : "Unknown browser";
  const os = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? "unknown system";
  return { browser, os };
}
