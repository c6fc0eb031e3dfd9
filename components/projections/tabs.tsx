"use client";
/**
 * The Projections section's tab strip: What-if, Scenarios and Forecast. Marks the current tab with
 * aria-current and carries the current range and filters along, as the header's navigation does.
 * Scrolls sideways on a phone rather than wrapping.
 */
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { carriedParams } from "@/lib/core/dashboard-url";

export const PROJECTION_TABS = [
  { href: "/projections", label: "What-if" },
  { href: "/projections/scenarios", label: "Scenarios" },
  { href: "/projections/forecast", label: "Forecast" },
] as const;

/** The tabs; until the query string is known (it sits in a Suspense boundary) they link without it. */
export function ProjectionsTabs() {
  return (
    <Suspense fallback={<TabList carried="" />}>
      <CarriedTabs />
    </Suspense>
  );
}

function CarriedTabs() {
  const search = useSearchParams();
  return <TabList carried={carriedParams(new URLSearchParams(search.toString()))} />;
}

function TabList({ carried }: { carried: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Projections" className="-mx-1 overflow-x-auto px-1 [scrollbar-width:none]">
      <ul className="flex w-max gap-1 border-b border-zinc-200">
        {PROJECTION_TABS.map(({ href, label }) => {
          const current = pathname === href;
          return (
            <li key={href} className="shrink-0">
              <Link
                href={`${href}${carried}`}
                aria-current={current ? "page" : undefined}
                className={`-mb-px block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors ${
                  current ? "border-accent-600 text-zinc-900" : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-900"
                }`}
              >
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
