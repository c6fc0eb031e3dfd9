"use client";
/**
 * The Alerts section's tab strip: the alerts themselves, the rules that raise them, and where they are
 * delivered. Marks the current tab with aria-current (an alert's own page counts as Alerts). Scrolls
 * sideways on a phone rather than wrapping. Alerts pages take no range or filters, so nothing is carried.
 */
import Link from "next/link";
import { usePathname } from "next/navigation";

export const ALERTS_TABS = [
  { href: "/alerts", label: "Alerts" },
  { href: "/alerts/rules", label: "Rules" },
  { href: "/alerts/destinations", label: "Destinations" },
] as const;

/** The tab a path belongs to: the longest tab path it starts with. */
function currentTab(pathname: string): string {
  const matches = ALERTS_TABS.filter(({ href }) => pathname === href || pathname.startsWith(`${href}/`));
  return matches.sort((a, b) => b.href.length - a.href.length)[0]?.href ?? "/alerts";
}

export function AlertsTabs() {
  const current = currentTab(usePathname());
  return (
    <nav aria-label="Alerts" className="-mx-1 overflow-x-auto px-1 [scrollbar-width:none]">
      <ul className="flex w-max gap-1 border-b border-zinc-200">
        {ALERTS_TABS.map(({ href, label }) => (
          <li key={href} className="shrink-0">
            <Link
              href={href}
              aria-current={current === href ? "page" : undefined}
              className={`-mb-px block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors ${
                current === href ? "border-accent-600 text-zinc-900" : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-900"
              }`}
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
