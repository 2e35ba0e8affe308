import { env } from "../config/env";
import { safeEqual, sessionKey, SESSION_COOKIE, verifySession } from "./session";

/** What a request carries that access depends on. */
export interface AccessRequest {
  method: string;
  url: string;
  header(name: string): string | null;
  cookie(name: string): string | undefined;
}

export type AccessResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Is a password set: then every page and API call needs a session or the API token. */
export function authEnabled(): boolean {
  return env().LAMBDALENS_PASSWORD !== undefined;
}

function bearer(r: AccessRequest): string | null {
  const h = r.header("authorization");
  const m = h ? /^Bearer\s+(.+)$/i.exec(h.trim()) : null;
  return m ? m[1] : null;
}

/** The origins a browser request may come from: the one it was sent to, and the configured public URL. */
function allowedOrigins(r: AccessRequest): string[] {
  const out = [new URL(r.url).origin];
  const host = r.header("x-forwarded-host") ?? r.header("host");
  if (host) {
    const proto = r.header("x-forwarded-proto") ?? new URL(r.url).protocol.replace(":", "");
    out.push(`${proto}://${host}`);
  }
  const pub = env().LAMBDALENS_PUBLIC_URL;
  if (pub) out.push(new URL(pub).origin);
  return out;
}

/**
 * Whether a request may go on: with a password set, a valid session cookie or the API
 * token; and a change (any method but GET/HEAD/OPTIONS) made by a browser must come
 * from this site's own pages (the Origin header), so another site cannot upload or
 * change settings through a user's browser.
 */
export function checkAccess(r: AccessRequest, options: { public?: boolean } = {}): AccessResult {
  const e = env();
  const token = bearer(r);
  const viaToken = token !== null && e.LAMBDALENS_API_TOKEN !== undefined && safeEqual(token, e.LAMBDALENS_API_TOKEN);
  if (e.LAMBDALENS_PASSWORD !== undefined && !viaToken && !options.public) {
    const key = sessionKey(e.LAMBDALENS_PASSWORD, e.LAMBDALENS_SESSION_SECRET);
    if (!verifySession(key, r.cookie(SESSION_COOKIE))) {
      return { ok: false, status: 401, message: token !== null ? "the API token is wrong" : "log in first, or send Authorization: Bearer <LAMBDALENS_API_TOKEN>" };
    }
  }
  if (!SAFE_METHODS.has(r.method.toUpperCase()) && !viaToken) {
    const origin = r.header("origin");
    if (origin !== null && !allowedOrigins(r).includes(origin)) {
      return { ok: false, status: 403, message: `cross-site request refused: origin ${origin} is not this dashboard (set LAMBDALENS_PUBLIC_URL if it is served under another address)` };
    }
    // a browser always sends Origin with a cross-site POST/PUT; without one, it is a script (curl) or same-site
    if (origin === null && r.header("sec-fetch-site") === "cross-site") return { ok: false, status: 403, message: "cross-site request refused" };
  }
  return { ok: true };
}
