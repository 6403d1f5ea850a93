import { describe, expect, it } from "vitest";
import { vi } from "vitest";
import { cookiesOfHeader, createBrowserCookieJar, keepingDeletedCookies } from "@/bench/harness/browser-cookie-jar";

const setting = (...cookies: string[]) => {
  const headers = new Headers();
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return new Response(null, { headers });
};
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toUTCString();

describe("createBrowserCookieJar", () => {
  it("starts from a Cookie header, keeps raw Set-Cookie values, and stops sending a token when its life ends", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const jar = createBrowserCookieJar(cookiesOfHeader("lab-session-mode=hybrid; authjs.session-token=abc"));
    jar.keepSetCookies([`lab-hybrid-token=t1; Path=/; Expires=${inSeconds(5)}; HttpOnly`]);
    expect(jar.header()).toBe("lab-session-mode=hybrid; authjs.session-token=abc; lab-hybrid-token=t1");
    vi.setSystemTime(Date.now() + 5_001);
    expect(jar.header()).toBe("lab-session-mode=hybrid; authjs.session-token=abc");
    vi.useRealTimers();
  });

  it("sends back what responses set, replaces a value, and drops a cookie deleted by Max-Age=0 or a past Expires", () => {
    const jar = createBrowserCookieJar({ "lab-session-mode": "hybrid" });
    jar.keep(setting("authjs.session-token=abc; Path=/; HttpOnly", `lab-hybrid-token=t1; Path=/; Expires=${inSeconds(60)}`));
    expect(jar.header()).toBe("lab-session-mode=hybrid; authjs.session-token=abc; lab-hybrid-token=t1");
    jar.keep(setting(`lab-hybrid-token=t2; Path=/; Expires=${inSeconds(60)}`));
    expect(jar.get("lab-hybrid-token")).toBe("t2");
    jar.keep(
      setting("authjs.session-token=; Path=/; Max-Age=0", `lab-hybrid-token=; Path=/; Expires=${new Date(0).toUTCString()}`),
    );
    expect(jar.header()).toBe("lab-session-mode=hybrid");
  });

  it("stops sending a cookie once its Expires has passed, as a browser does", () => {
    const jar = createBrowserCookieJar();
    jar.keep(setting(`gone=1; Expires=${inSeconds(-1)}`, "stays=1; Max-Age=60", "brief=1; Max-Age=0"));
    expect(jar.header()).toBe("stays=1");
    expect(jar.get("gone")).toBeUndefined();
  });

  it("keeps sending what it was told to delete when asked to", () => {
    const jar = createBrowserCookieJar({ "authjs.session-token": "abc" });
    const stubborn = keepingDeletedCookies(jar);
    stubborn.keep(setting("authjs.session-token=; Max-Age=0", "lab-hybrid-token=t3; Max-Age=60"));
    expect(jar.header()).toBe("authjs.session-token=abc; lab-hybrid-token=t3");
    jar.keep(setting("authjs.session-token=; Max-Age=0"));
    expect(jar.header()).toBe("lab-hybrid-token=t3");
  });
});
