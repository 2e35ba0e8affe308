"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Functions" },
  { href: "/upload", label: "Upload" },
  { href: "/alerts", label: "Alerts" },
  { href: "/settings", label: "Settings" },
];

export function Nav({ loggedIn }: { loggedIn: boolean }) {
  const path = usePathname();
  const active = (href: string) => (href === "/" ? path === "/" || path.startsWith("/functions") : path.startsWith(href));
  return (
    <nav className="nav" aria-label="Main">
      <Link href="/" className="brand">
        lambdalens
      </Link>
      <ul>
        {LINKS.map((l) => (
          <li key={l.href}>
            <Link href={l.href} aria-current={active(l.href) ? "page" : undefined}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
      {loggedIn && (
        <form method="post" action="/api/auth/logout" className="logout">
          <button type="submit" className="link-button">
            Log out
          </button>
        </form>
      )}
    </nav>
  );
}
