import Bowser from "bowser";

export type DeviceLabel = { browser: string; os: string };

const UNKNOWN: DeviceLabel = { browser: "Unknown browser", os: "unknown system" };

// Clients bowser does not name (it calls headless Chrome plain "Chrome"); these labels are what the devices page shows.
const CLIENTS: [RegExp, string][] = [
  [/HeadlessChrome\/(\d+)/, "Headless Chrome"],
  [/^curl\/(\d+)/, "curl"],
  [/^node|undici/i, "Node.js"],
];

function withMajorVersion(name: string, version: string | undefined): string {
  const major = version?.match(/^\d+/)?.[0];
  return major ? `${name} ${major}` : name;
}

/** A short, human label for a User-Agent header: "Chrome 131", "macOS". Unknown parts say so. */
export function describeUserAgent(userAgent: string | null | undefined): DeviceLabel {
  if (!userAgent) return UNKNOWN;
  // Parse lazily: only the browser and the system are shown, not the engine or the platform.
  const parser = Bowser.getParser(userAgent, true);
  return { browser: clientLabel(userAgent) ?? browserLabel(parser.getBrowser()), os: parser.getOSName() || UNKNOWN.os };
}

function clientLabel(userAgent: string): string | undefined {
  for (const [pattern, name] of CLIENTS) {
    const match = userAgent.match(pattern);
    if (match) return withMajorVersion(name, match[1]);
  }
  return undefined;
}

function browserLabel({ name, version }: { name?: string; version?: string }): string {
  return name ? withMajorVersion(name, version) : UNKNOWN.browser;
}
