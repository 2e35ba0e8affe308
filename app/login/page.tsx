import type { Metadata } from "next";
import { authEnabled } from "@/lib/auth/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Log in" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const next = typeof sp.next === "string" ? sp.next : "/";
  if (!authEnabled()) {
    return (
      <section className="panel narrow">
        <h1>No login needed</h1>
        <p>No password is set (LAMBDALENS_PASSWORD), so the dashboard is served on 127.0.0.1 only and needs no login.</p>
      </section>
    );
  }
  return (
    <section className="panel narrow">
      <h1>Log in</h1>
      <form method="post" action="/api/auth/login" className="login">
        <input type="hidden" name="next" value={next} />
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required autoFocus />
        </label>
        {sp.error && (
          <p className="error" role="alert">
            Wrong password.
          </p>
        )}
        <button type="submit" className="button primary">
          Log in
        </button>
      </form>
    </section>
  );
}
