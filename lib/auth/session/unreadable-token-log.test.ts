import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createHostileCookieLog,
  HOSTILE_COOKIE_LOG_INTERVAL_MS,
  logUnreadableSessionToken,
} from "@/lib/auth/session/unreadable-token-log";

describe("the hostile-cookie log", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("logs the first unreadable token at once, then at most one line a minute with how many more came", () => {
    const lines: string[] = [];
    const count = createHostileCookieLog((line) => lines.push(line));
    for (let index = 0; index < 500; index += 1) count("unreadable-session-token");
    expect(lines).toEqual([
      "[auth] JWTSessionError: a session token could not be read (another AUTH_SECRET, tampering, or the store failed); answered as signed out; more are counted, one line a minute",
    ]);

    vi.advanceTimersByTime(HOSTILE_COOKIE_LOG_INTERVAL_MS - 1);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(
      "[auth] JWTSessionError: 499 more session tokens could not be read in the last minute (another AUTH_SECRET, tampering, or the store failed); answered as signed out",
    );

    for (let index = 0; index < 3; index += 1) count("unreadable-session-token");
    vi.advanceTimersByTime(HOSTILE_COOKIE_LOG_INTERVAL_MS);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^\[auth\] JWTSessionError: 3 more session tokens could not be read in the last minute/);

    // A quiet minute closes the window: the next one is logged at once again.
    vi.advanceTimersByTime(HOSTILE_COOKIE_LOG_INTERVAL_MS);
    expect(lines).toHaveLength(3);
    count("unreadable-session-token");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^\[auth\] JWTSessionError: a session token could not be read/);
  });

  it("keeps logUnreadableSessionToken's lines to the same budget", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    for (let index = 0; index < 50; index += 1) logUnreadableSessionToken();
    expect(errors).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(HOSTILE_COOKIE_LOG_INTERVAL_MS);
    expect(errors).toHaveBeenCalledTimes(2);
    expect(errors.mock.calls[1]?.[0]).toMatch(/49 more session tokens could not be read in the last minute/);
  });
});
