import { NextResponse, type NextRequest } from "next/server";
import { checkAccess } from "./lib/auth/access";

const PUBLIC = new Set(["/login", "/api/auth/login", "/api/auth/logout"]);

/**
 * Every page and API call passes here first: a login (or the API token) when a password
 * is set, and a same-origin check on changes. Uploads and the Firehose endpoint are left
 * out (see `config`): a proxy would buffer their bodies in memory, so they check access
 * themselves, through the same function.
 */
export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  const result = checkAccess(
    { method: request.method, url: request.url, header: (n) => request.headers.get(n), cookie: (n) => request.cookies.get(n)?.value },
    { public: PUBLIC.has(path) },
  );
  if (result.ok) return NextResponse.next();
  if (path.startsWith("/api/")) return NextResponse.json({ error: result.message }, { status: result.status });
  if (result.status === 401) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", path + request.nextUrl.search);
    return NextResponse.redirect(login, 303);
  }
  return new NextResponse(result.message, { status: result.status });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/uploads|api/firehose).*)"],
};
