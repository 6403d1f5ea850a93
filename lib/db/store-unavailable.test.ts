import { PrismaPg } from "@prisma/adapter-pg";
import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  ErrorReply,
  SocketClosedUnexpectedlyError,
  TimeoutError,
} from "redis";
import { describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { asSessionStoreUnavailable, callSessionStore, SessionStoreUnavailableError } from "@/lib/db/store-unavailable";

describe("asSessionStoreUnavailable", () => {
  it.each([
    Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" }),
    Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    new Error("Connection terminated unexpectedly"),
    // The Redis client's: offline while reconnecting, closed, connect or command timeout, dropped socket.
    new ClientOfflineError(),
    new ClientClosedError(),
    new ConnectionTimeoutError(),
    new TimeoutError(),
    new SocketClosedUnexpectedlyError(),
  ])("recognises an outage: %s", (error) => {
    const outage = asSessionStoreUnavailable(error);
    expect(outage).toBeInstanceOf(SessionStoreUnavailableError);
    expect(outage?.cause).toBe(error);
  });

  it.each([
    Object.assign(new Error("Unique constraint failed"), { code: "P2002" }),
    new ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value"),
    new Error("boom"),
    null,
    "text",
  ])("does not mistake other failures for one: %s", (error) => {
    expect(asSessionStoreUnavailable(error)).toBeUndefined();
  });
});

it("recognises the outage error of another bundle's copy of this module, by its name", () => {
  const cause = new Error("ECONNREFUSED");
  const fromAnotherBundle = Object.assign(new Error("The session store did not answer", { cause }), {
    name: "SessionStoreUnavailableError",
  });
  const outage = asSessionStoreUnavailable(fromAnotherBundle);
  expect(outage).toBeInstanceOf(SessionStoreUnavailableError);
  expect(outage?.cause).toBe(cause);
});

describe("callSessionStore, against real PostgreSQL", () => {
  it("turns a database that does not answer into SessionStoreUnavailableError", async () => {
    // Port 1 on loopback refuses connections: what the driver sees when PostgreSQL is down.
    const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://lab@127.0.0.1:1/lab" }) });
    try {
      await expect(callSessionStore(() => unreachable.user.count())).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("lets a wrong query fail as itself, and passes answers through", async () => {
    const failure = callSessionStore(() => prisma().$queryRawUnsafe("SELECT * FROM no_such_table"));
    await expect(failure).rejects.not.toBeInstanceOf(SessionStoreUnavailableError);
    await expect(failure).rejects.toThrow(/no_such_table/);
    expect(await callSessionStore(() => prisma().$queryRaw<{ one: number }[]>`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });
});
