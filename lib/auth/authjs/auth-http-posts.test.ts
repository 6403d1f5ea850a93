import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { guardAuthPosts } from "@/lib/auth/authjs/auth-http-posts";
import { reportThrottle } from "@/lib/auth/authjs/throttle-report";

const reachedAuthJs: string[] = [];
const authJs = guardAuthPosts((request) => {
  reachedAuthJs.push(new URL(request.url).pathname);
  return Promise.resolve(new Response(null, { status: 302, headers: { Location: "/account" } }));
});
const post = (path: string) => authJs(new NextRequest(`http://localhost:3000${path}`, { method: "POST", body: "email=x%40y" }));

describe("Auth.js's POST endpoints over HTTP", () => {
  it.each([
    "/api/auth/signin/nodemailer",
    "/api/auth//signin//nodemailer/",
    "/api/auth/signin/credentials",
    "/api/auth/callback/nodemailer",
    "/api/auth/session",
    "/api/auth/signin",
    "/api/auth/callback/credentials/extra",
    "/api/auth/callback%2Fcredentials",
  ])("refuses %s with 405 and a message, before Auth.js sees it", async (path) => {
    const before = reachedAuthJs.length;
    const response = await post(path);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(await response.json()).toEqual({
      error: "This sign-in endpoint does not accept POST requests. Use the forms at /signin and /signup.",
    });
    expect(reachedAuthJs.length).toBe(before);
  });

  it.each(["/api/auth/callback/credentials", "/api/auth/signout", "/api/auth//callback/credentials"])(
    "passes %s to Auth.js",
    async (path) => {
      const response = await post(path);
      expect(response.status).toBe(302);
      expect(reachedAuthJs.at(-1)).toBe(path);
    },
  );

  it("answers a rate-limited sign-in with 429 and Retry-After", async () => {
    const limited = guardAuthPosts(() => {
      reportThrottle(new Date(Date.now() + 29_500));
      return Promise.resolve(
        new Response(null, { status: 302, headers: { Location: "/signin?error=CredentialsSignin&code=throttled" } }),
      );
    });
    const response = await limited(new NextRequest("http://localhost:3000/api/auth/callback/credentials", { method: "POST" }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({
      error: "Too many sign-in attempts. Wait 30 seconds, then try again.",
      retryAfterSeconds: 30,
    });
  });
});
