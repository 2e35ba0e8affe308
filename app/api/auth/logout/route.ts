import { SESSION_COOKIE } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** POST /api/auth/logout: clears the session cookie, then to the login page. */
export async function POST(request: Request) {
  return new Response(null, {
    status: 303,
    headers: { location: new URL("/login", request.url).pathname, "set-cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`, "cache-control": "no-store" },
  });
}
