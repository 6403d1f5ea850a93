import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { assertLoopback, assertProductionServer, attachToServer } from "@/bench/load/target";

let server: Server | undefined;

/** A server that answers /api/health the way a `next dev` of this app does. */
async function serveHealth(body: unknown): Promise<string> {
  server = createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe("benchmark targets", () => {
  it.each(["http://localhost:3000", "http://127.0.0.1:3000", "http://127.8.9.10", "http://[::1]:3000"])(
    "accepts loopback %s",
    (url) => {
      expect(() => assertLoopback(new URL(url))).not.toThrow();
    },
  );

  it.each(["http://10.0.0.5:3000", "http://example.com", "http://192.168.1.2", "http://127.example.com"])("refuses %s", (url) => {
    expect(() => assertLoopback(new URL(url))).toThrow(/only targets this machine/);
  });

  it("refuses a development server, whose numbers would lie", async () => {
    const url = await serveHealth({ ok: true, build: "development", database: "up" });
    await expect(assertProductionServer(url)).rejects.toThrow(/is a development server/);
  });

  it("refuses something that is not this app", async () => {
    const url = await serveHealth({ hello: "world" });
    await expect(assertProductionServer(url)).rejects.toThrow(/is not Session vs Token Lab/);
  });

  it("refuses a non-loopback --url before sending anything", async () => {
    await expect(attachToServer("http://203.0.113.7:3000", ".data")).rejects.toThrow(/Refusing to load 203.0.113.7:3000/);
  });
});
