import { env } from "@/lib/config/env";
import { LoginLimiter } from "@/lib/auth/rate-limit";
import { safeEqual, sessionKey, signSession, SESSION_COOKIE } from "@/lib/auth/session";
import { jsonError } from "@/lib/http/json";

export const dynamic = "force-dynamic";

const limiter = new LoginLimiter();

function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** POST /api/auth/login (form or JSON: password, next): sets the session cookie. */
export async function POST(request: Request) {
  const e = env();
  if (e.LAMBDALENS_PASSWORD === undefined) return jsonError(400, "no password is set (LAMBDALENS_PASSWORD): there is nothing to log in to");
  const client = request.headers.get("x-forwarded-for")?.split(",")[0].trim() || "direct";
  const wait = limiter.retryAfter(client);
  if (wait > 0) return Response.json({ error: `too many failed logins; try again in ${Math.ceil(wait / 1000)} s` }, { status: 429, headers: { "retry-after": String(Math.ceil(wait / 1000)) } });
  const form = (request.headers.get("content-type") ?? "").includes("application/json") ? null : await request.formData().catch(() => null);
  const body = form ? { password: form.get("password"), next: form.get("next") } : ((await request.json().catch(() => ({}))) as { password?: unknown; next?: unknown });
  const next = safeNext(typeof body.next === "string" ? body.next : null);
  if (typeof body.password !== "string" || !safeEqual(body.password, e.LAMBDALENS_PASSWORD)) {
    limiter.fail(client);
    if (form) return Response.redirect(new URL(`/login?error=1&next=${encodeURIComponent(next)}`, request.url), 303);
    return jsonError(401, "wrong password");
  }
  limiter.succeed(client);
  const maxAge = e.LAMBDALENS_SESSION_HOURS * 3600;
  const token = signSession(sessionKey(e.LAMBDALENS_PASSWORD, e.LAMBDALENS_SESSION_SECRET), Date.now() + maxAge * 1000);
  const secure = (request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "")) === "https";
  const cookie = `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
  const headers = new Headers({ "set-cookie": cookie, "cache-control": "no-store" });
  if (form) {
    headers.set("location", next);
    return new Response(null, { status: 303, headers });
  }
  return Response.json({ ok: true }, { headers });
}
