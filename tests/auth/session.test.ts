import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { safeEqual, sessionKey, signSession, verifySession } from "../../lib/auth/session";
import { LoginLimiter } from "../../lib/auth/rate-limit";

describe("sessions", () => {
  const key = sessionKey("correct horse");

  it("verify what they signed until they expire", () => {
    const token = signSession(key, 2_000);
    expect(verifySession(key, token, 1_999)).toBe(true);
    expect(verifySession(key, token, 2_000)).toBe(false);
  });

  it("refuse a token signed with another key, altered, or malformed", () => {
    const token = signSession(key, 5_000);
    expect(verifySession(sessionKey("another password"), token, 0)).toBe(false);
    expect(verifySession(sessionKey("correct horse", "a configured secret!"), token, 0)).toBe(false);
    const [payload, sig] = token.split(".");
    expect(verifySession(key, `${Buffer.from("9999999999999").toString("base64url")}.${sig}`, 0)).toBe(false);
    expect(verifySession(key, `${payload}.${sig.slice(1)}`, 0)).toBe(false);
    expect(verifySession(key, "garbage", 0)).toBe(false);
    expect(verifySession(key, undefined, 0)).toBe(false);
  });

  it("compares secrets of any length", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});

describe("LoginLimiter", () => {
  it("refuses a client after 10 failures in 15 minutes until the window moves on", () => {
    const l = new LoginLimiter();
    for (let i = 0; i < 10; i++) l.fail("1.2.3.4", 1000 + i);
    expect(l.retryAfter("1.2.3.4", 2000)).toBe(15 * 60_000 + 1000 - 2000);
    expect(l.retryAfter("5.6.7.8", 2000)).toBe(0);
    expect(l.retryAfter("1.2.3.4", 1000 + 15 * 60_000 + 10)).toBe(0);
  });

  it("refuses everyone after 100 failures from anywhere", () => {
    const l = new LoginLimiter();
    for (let i = 0; i < 100; i++) l.fail(`10.0.0.${i}`, 5000);
    expect(l.retryAfter("192.168.1.1", 6000)).toBeGreaterThan(0);
  });
});

describe("checkAccess", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith("LAMBDALENS_")) delete process.env[k];
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  const request = (method: string, headers: Record<string, string> = {}, cookie?: string) => ({
    method,
    url: "http://127.0.0.1:3000/api/settings",
    header: (n: string) => headers[n.toLowerCase()] ?? null,
    cookie: () => cookie,
  });

  async function fresh() {
    const { vi } = await import("vitest");
    vi.resetModules();
    return (await import("../../lib/auth/access")).checkAccess;
  }

  it("without a password lets reads through and refuses changes from another origin", async () => {
    const checkAccess = await fresh();
    expect(checkAccess(request("GET"))).toEqual({ ok: true });
    expect(checkAccess(request("PUT", { origin: "http://127.0.0.1:3000" }))).toEqual({ ok: true });
    expect(checkAccess(request("PUT", { origin: "https://evil.example" }))).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(request("PUT", { "sec-fetch-site": "cross-site" }))).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(request("PUT"))).toEqual({ ok: true });
  });

  it("with a password needs a session or the API token", async () => {
    process.env.LAMBDALENS_PASSWORD = "s3cret";
    process.env.LAMBDALENS_API_TOKEN = "token-of-sixteen-chars";
    const checkAccess = await fresh();
    expect(checkAccess(request("GET"))).toMatchObject({ ok: false, status: 401 });
    expect(checkAccess(request("GET", { authorization: "Bearer wrong-token-of-chars" }))).toMatchObject({ ok: false, status: 401, message: "the API token is wrong" });
    expect(checkAccess(request("PUT", { authorization: "Bearer token-of-sixteen-chars", origin: "https://anywhere.example" }))).toEqual({ ok: true });
    const cookie = signSession(sessionKey("s3cret"), Date.now() + 60_000);
    expect(checkAccess(request("GET", {}, cookie))).toEqual({ ok: true });
    expect(checkAccess(request("PUT", { origin: "https://evil.example" }, cookie))).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(request("POST"), { public: true })).toEqual({ ok: true });
  });
});
