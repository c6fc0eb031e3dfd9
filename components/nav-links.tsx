"use client";
/**
 * The header's navigation. Marks the current page for sighted and screen-reader users alike, and carries
 * the current range and filters to the other dashboard pages so a view survives moving between them.
 * Scrolls sideways on a phone rather than wrapping.
 */
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { carriedParams } from "@/lib/core/dashboard-url";
import { NAV_LINKS } from "@/components/nav-items";


/** The links with the current view carried along (reads the query string, so it sits in a Suspense boundary). */
export function NavLinks({ allowed }: { allowed: readonly string[] }) {
  const search = useSearchParams();
  return <NavList carried={carriedParams(new URLSearchParams(search.toString()))} allowed={allowed} />;
}

/** The links without the current view: what is shown before the query string is known. */
export function PlainNavLinks({ allowed }: { allowed: readonly string[] }) {
  return <NavList carried="" allowed={allowed} />;
}

/** `allowed`: the links the signed-in user's role may open (the server decides; the pages check again). */
function NavList({ carried, allowed }: { carried: string; allowed: readonly string[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex items-center gap-1">
      {NAV_LINKS.filter(({ href }) => allowed.includes(href)).map(({ href, label, carries }) => {
        const current = href === "/" ? pathname === "/" : pathname.startsWith(href);
        return (
          <li key={href} className="shrink-0">
            <Link
              href={carries ? `${href}${carried}` : href}
              aria-current={current ? "page" : undefined}
              className={`block rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap transition-colors sm:px-3 ${
                current ? "bg-zinc-100 text-zinc-900" : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900"
              }`}
            >
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
