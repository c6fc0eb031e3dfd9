/** The header's links, in order: shared by the server (which decides who sees which) and the client links. */
export const NAV_LINKS = [
  { href: "/", label: "Overview", carries: true },
  { href: "/models", label: "Models", carries: true },
  { href: "/features", label: "Features", carries: true },
  { href: "/calls", label: "Calls", carries: true },
  { href: "/caching", label: "Caching", carries: true },
  { href: "/stop-reasons", label: "Stop reasons", carries: true },
  { href: "/projections", label: "Projections", carries: true },
  { href: "/alerts", label: "Alerts", carries: false },
  { href: "/reports", label: "Reports", carries: false },
  { href: "/settings", label: "Settings", carries: false },
] as const;
