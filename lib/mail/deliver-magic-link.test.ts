import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { parseEnv } from "@/lib/env-schema";
import { deliverMagicLink } from "@/lib/mail/deliver-magic-link";
import { listOutbox } from "@/lib/mail/outbox";

type Received = { to: string[]; body: string };
const received: Received[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  // A real SMTP server on loopback, the same kind of peer production talks to.
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let body = "";
      stream.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const baseEnv = {
  NODE_ENV: "production" as const,
  DATABASE_URL: process.env.DATABASE_URL,
  AUTH_SECRET: "x".repeat(40),
  AUTH_URL: "http://localhost:3000",
};

describe("deliverMagicLink", () => {
  it("sends the link by SMTP when EMAIL_SERVER is set, and keeps nothing in the outbox", async () => {
    const to = `smtp-${randomUUID()}@example.com`;
    const url = `http://localhost:3000/api/auth/callback/nodemailer?token=${randomUUID()}&email=${encodeURIComponent(to)}`;
    const env = parseEnv({ ...baseEnv, EMAIL_SERVER: `smtp://127.0.0.1:${port}`, EMAIL_FROM: "Lab <lab@example.com>" });

    await deliverMagicLink({ to, url }, env);

    const message = received.find((mail) => mail.to.includes(to));
    expect(message?.body).toContain("Subject: Sign in to Session vs Token Lab (localhost:3000)");
    expect(message?.body.replace(/=\r?\n/g, "")).toContain(url.split("?")[0]);
    expect((await listOutbox()).some((mail) => mail.to === to)).toBe(false);
  });

  it("keeps the link in the outbox when there is no SMTP server and the outbox is on", async () => {
    const to = `outbox-${randomUUID()}@example.com`;
    await deliverMagicLink({ to, url: "http://localhost:3000/x" }, parseEnv({ ...baseEnv, LAB_OUTBOX: "on" }));
    expect((await listOutbox()).find((mail) => mail.to === to)?.url).toBe("http://localhost:3000/x");
  });

  it("refuses to deliver when neither is available, instead of dropping the link silently", async () => {
    await expect(deliverMagicLink({ to: "a@example.com", url: "http://localhost/x" }, parseEnv(baseEnv))).rejects.toThrow(
      /No EMAIL_SERVER is set and the development outbox is off/,
    );
  });
});
