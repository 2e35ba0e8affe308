import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Nav } from "./_components/nav";
import { authEnabled } from "@/lib/auth/access";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "lambdalens", template: "%s · lambdalens" },
  description: "Self-hosted observability for AWS Lambda built from CloudWatch logs.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Nav loggedIn={authEnabled()} />
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
