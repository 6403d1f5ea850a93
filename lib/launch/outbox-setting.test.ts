import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { chromium } from "@playwright/test";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopProcess, waitForHealthy, SERVE_ARGS } from "@/lib/launch/next-server";
import { isLoopbackBind, outboxSetting } from "@/lib/launch/outbox-setting";

const NOTICE =
  "Listening on 0.0.0.0 with no EMAIL_SERVER: the development outbox is off, so magic links need EMAIL_SERVER; password sign-in works.";

describe("outboxSetting", () => {
  it("keeps what LAB_OUTBOX says on a loopback bind", () => {
    for (const hostname of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]) {
      expect(outboxSetting(hostname, { LAB_OUTBOX: "on" })).toEqual({ LAB_OUTBOX: "on" });
      expect(outboxSetting(hostname, {})).toEqual({ LAB_OUTBOX: undefined });
    }
  });

  it("turns the outbox off on any other bind without SMTP, even when LAB_OUTBOX=on, and says so", () => {
    for (const hostname of ["0.0.0.0", "::", "192.0.2.4", "lab.example.com"]) {
      const setting = outboxSetting(hostname, { LAB_OUTBOX: "on" });
      expect(setting.LAB_OUTBOX).toBe("off");
      expect(setting.notice).toContain(`Listening on ${hostname} with no EMAIL_SERVER: the development outbox is off`);
    }
    expect(outboxSetting("0.0.0.0", {}).notice).toBe(NOTICE);
  });

  it("has nothing to say when SMTP delivers the links", () => {
    expect(outboxSetting("0.0.0.0", { EMAIL_SERVER: "smtp://mail.example.com" })).toEqual({ LAB_OUTBOX: undefined });
  });

  it("knows loopback binds from the others", () => {
    expect(["localhost", "LOCALHOST", "127.0.0.1", "[::1]"].map(isLoopbackBind)).toEqual([true, true, true, true]);
    expect(["0.0.0.0", "::", "localhost.evil.example", "10.0.0.1"].map(isLoopbackBind)).toEqual([false, false, false, false]);
  });
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as AddressInfo;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return port;
}

let server: ChildProcess | undefined;
afterAll(() => stopProcess(server));

describe("a server bound to 0.0.0.0 without EMAIL_SERVER", () => {
  it("starts with the outbox off despite LAB_OUTBOX=on, and prints the one line", async () => {
    const port = await freePort();
    let output = "";
    server = spawn(process.execPath, [...SERVE_ARGS, "--port", String(port), "--hostname", "0.0.0.0"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        AUTH_URL: `http://localhost:${port}`,
        LAB_OUTBOX: "on",
        EMAIL_SERVER: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    await waitForHealthy(`http://127.0.0.1:${port}/api/health`, server, 90_000);

    expect(output.split("\n").filter((line) => line.includes("EMAIL_SERVER"))).toEqual([`[lab] ${NOTICE}`]);
    // Asked from this very machine, which the front door lets through: the page itself is off.
    const outbox = await fetch(`http://127.0.0.1:${port}/dev/outbox`);
    expect(outbox.status).toBe(404);
    const page = await outbox.text();
    expect(page).toContain("Page not found");
    expect(page).not.toContain("Sign-in emails land here");

    // The magic-link form, in a real browser: a clear answer, and nothing stored or sent.
    const email = `no-smtp-${crypto.randomUUID()}@example.com`;
    const browser = await chromium.launch({
      executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
      args: ["--no-sandbox"],
    });
    try {
      const tab = await browser.newPage({ baseURL: `http://localhost:${port}` });
      await tab.goto("/signin");
      const form = tab.getByRole("form", { name: "Email me a sign-in link" });
      await form.getByLabel("Email for the link").fill(email);
      await form.getByRole("button", { name: "Send link" }).click();
      await tab.getByRole("main").getByRole("alert").waitFor();
      expect(await tab.getByRole("main").getByRole("alert").textContent()).toBe(
        "Email sign-in is not configured on this server, so no link was sent. Sign in with your password instead.",
      );
    } finally {
      await browser.close();
    }
    expect(await prisma().verificationToken.count({ where: { identifier: email } })).toBe(0);
    expect(await prisma().outboxMessage.count({ where: { to: email } })).toBe(0);
    expect(output).not.toMatch(/\b500\b|Error:/);
  }, 120_000);
});
