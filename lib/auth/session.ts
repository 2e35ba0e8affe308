import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "lambdalens_session";

/** Equal strings, compared in time that does not depend on where they differ (hashes first: lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

/** The key sessions are signed with: the configured secret, else one derived from the password. */
export function sessionKey(password: string, secret?: string): Buffer {
  return createHash("sha256").update(secret ? `secret:${secret}` : `lambdalens session key:${password}`).digest();
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** A signed, expiring session token: `<expiry ms>.<HMAC-SHA256>`. */
export function signSession(key: Buffer, expiresAt: number): string {
  const payload = b64(String(expiresAt));
  return `${payload}.${b64(createHmac("sha256", key).update(payload).digest())}`;
}

/** True for a token this key signed that has not expired. */
export function verifySession(key: Buffer, token: string | undefined, now = Date.now()): boolean {
  if (!token) return false;
  const dot = token.indexOf(".");
  if (dot <= 0) return false;
  const payload = token.slice(0, dot);
  const expected = b64(createHmac("sha256", key).update(payload).digest());
  if (!safeEqual(expected, token.slice(dot + 1))) return false;
  const expiresAt = Number(Buffer.from(payload, "base64url").toString());
  return Number.isFinite(expiresAt) && expiresAt > now;
}
