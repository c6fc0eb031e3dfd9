/**
 * Who may do what. Three roles:
 * - admin: everything, and alone the installation's settings (ingest keys, prices, users, demo data)
 *   and the alert rules and destinations;
 * - engineer: every chart and call, projections, alerts (seeing, acknowledging, running them);
 * - finance: reports, budgets, chargeback, reconciliation and their exports.
 * Every route handler, page and server action asks `can(role, permission)` on the server.
 */

export const ROLES = ["admin", "engineer", "finance"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Overview, models, features, caching, stop reasons, projections and forecast; GET /api/v1/summary, projections. */
  "dashboard.view": ["admin", "engineer"],
  /** The calls explorer, call detail, GET /api/v1/calls and the calls CSV export. */
  "calls.view": ["admin", "engineer"],
  /** Saving and deleting projection scenarios. */
  "scenarios.manage": ["admin", "engineer"],
  /** The alerts list and pages, GET /api/v1/alerts. */
  "alerts.view": ["admin", "engineer"],
  /** Acknowledging alerts, running an evaluation, backtesting a rule. */
  "alerts.respond": ["admin", "engineer"],
  /** Alert rules and destinations: creating, changing, deleting, sending tests. */
  "alerts.manage": ["admin"],
  /** Monthly reports and their CSV and PDF, budgets, chargeback, reconciliation (pages and API). */
  "reports.view": ["admin", "finance"],
  /** Budgets, chargeback rules, month close, report recipients, importing Admin API reports. */
  "reports.manage": ["admin", "finance"],
  /** Ingest keys, price overrides, demo data, users. */
  "settings.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** The permission each page (by its path's first segment) needs. */
const PAGE_PERMISSIONS: [prefix: string, permission: Permission][] = [
  ["/calls", "calls.view"],
  ["/alerts", "alerts.view"],
  ["/reports", "reports.view"],
  ["/settings", "settings.manage"],
  ["/", "dashboard.view"],
];

/** The permission the page at `pathname` needs (every path not listed is a dashboard page). */
export function pagePermission(pathname: string): Permission {
  return PAGE_PERMISSIONS.find(([prefix]) => prefix === "/" || pathname === prefix || pathname.startsWith(`${prefix}/`))![1];
}

/** Where a role lands after signing in, and when it opens a page it may not see. */
export function homeOf(role: Role): string {
  return can(role, "dashboard.view") ? "/" : "/reports";
}

/**
 * The page to go to after signing in: `next` when it is a path on this site the role may see, else the
 * role's home. Never another origin (`//evil.example`, `https://...`), so a crafted link cannot send a
 * user elsewhere.
 */
export function afterSignIn(role: Role, next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return homeOf(role);
  const pathname = next.split(/[?#]/)[0];
  if (pathname === "/login" || !can(role, pagePermission(pathname))) return homeOf(role);
  return next;
}
