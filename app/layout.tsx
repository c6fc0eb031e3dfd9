import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { Logo } from "@/components/logo";
import { UserMenu } from "@/components/auth/user-menu";
import { NAV_LINKS } from "@/components/nav-items";
import { NavLinks, PlainNavLinks } from "@/components/nav-links";
import { can, pagePermission } from "@/lib/core/permissions";
import { currentAuth } from "@/lib/server/session";
import { THEME_SCRIPT, ThemeToggle } from "@/components/theme-toggle";

export const metadata: Metadata = {
  title: { default: "Tally", template: "%s · Tally" },
  description: "Cost and token usage of your Claude API calls, priced exactly.",
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#111114" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const auth = await currentAuth();
  // proxy.ts's per-response nonce: the only inline script allowed to run.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const allowed = auth ? NAV_LINKS.map((link) => link.href).filter((href) => can(auth.user.role, pagePermission(href))) : [];
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Applies the saved theme before the first paint. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-dvh">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        <header className="border-b border-zinc-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6 lg:px-8">
            <Link href="/" className="flex shrink-0 items-center gap-2 rounded-md text-base font-semibold tracking-tight text-zinc-900">
              <Logo />
              <span className="max-sm:sr-only">Tally</span>
            </Link>
            <div className="-my-2 ml-auto min-w-0 overflow-x-auto py-2 [scrollbar-width:none]">
              <Suspense fallback={<PlainNavLinks allowed={allowed} />}>
                <NavLinks allowed={allowed} />
              </Suspense>
            </div>
            <ThemeToggle />
            {auth ? <UserMenu email={auth.user.email} role={auth.user.role} /> : null}
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8 lg:px-8">
          {children}
        </main>
      </body>
    </html>
  );
}
