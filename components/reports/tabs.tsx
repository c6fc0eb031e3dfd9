/**
 * The Reports section's tab strip: the monthly report, budgets, chargeback and reconciliation. A server
 * component: each page says which tab it is.
 */
import Link from "next/link";

export const REPORT_TABS = [
  { id: "report", href: "/reports", label: "Monthly report" },
  { id: "budgets", href: "/reports/budgets", label: "Budgets" },
  { id: "chargeback", href: "/reports/chargeback", label: "Chargeback" },
  { id: "reconciliation", href: "/reports/reconciliation", label: "Reconciliation" },
] as const;

export type ReportTab = (typeof REPORT_TABS)[number]["id"];

export function ReportsTabs({ current }: { current: ReportTab }) {
  return (
    <nav aria-label="Reports" className="-mx-1 overflow-x-auto px-1 [scrollbar-width:none] print:hidden">
      <ul className="flex w-max gap-1 border-b border-zinc-200">
        {REPORT_TABS.map(({ id, href, label }) => (
          <li key={id} className="shrink-0">
            <Link
              href={href}
              aria-current={id === current ? "page" : undefined}
              className={`-mb-px block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors ${
                id === current ? "border-accent-600 text-zinc-900" : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-900"
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
