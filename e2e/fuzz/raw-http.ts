import { request as httpRequest } from "node:http";

export type RawResponse = { status: number; body: string; setCookies: string[]; location: string | undefined };

/**
 * One request with exactly these headers, as a hostile client would send it: header values go out
 * as their UTF-8 bytes (fetch would refuse many of them). Control characters other than tab cannot
 * appear in a header at all (HTTP parsers refuse them), so they go percent-encoded.
 */
export async function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | FormData } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name] = Buffer.from(value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, encodeURIComponent), "utf8").toString(
      "latin1",
    );
  }
  let body: Buffer | undefined;
  if (options.body instanceof FormData) {
    const encoded = new Request(url, { method: "POST", body: options.body });
    body = Buffer.from(await encoded.arrayBuffer());
    headers["content-type"] = encoded.headers.get("content-type")!;
  } else if (options.body !== undefined) {
    body = Buffer.from(options.body, "utf8");
  }
  if (body) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? "GET", headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          setCookies: response.headers["set-cookie"] ?? [],
          location: response.headers.location,
        }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}
