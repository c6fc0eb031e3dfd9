/**
 * The Content-Security-Policy of every page, built per response by proxy.ts. Pure. The headers that do
 * not depend on the request (nosniff, framing, referrer, ...) are set on every response by next.config.js.
 */

/** HSTS, sent only on responses that reached the browser over HTTPS (browsers ignore it on HTTP anyway). */
export const HSTS_HEADER = { key: "Strict-Transport-Security", value: "max-age=31536000" } as const;

export interface PolicyOptions {
  /** A fresh, unguessable value per response: only scripts carrying it run. */
  nonce: string;
  /** `next dev` evaluates code and talks to its own websocket; production never does. */
  development?: boolean;
  /** When the page was served over HTTPS, subresources are never fetched over HTTP. */
  https?: boolean;
}

/**
 * The page policy. Scripts run only with this response's nonce ('strict-dynamic' lets Next.js's own
 * loader add its chunks); nothing is framed, posted or loaded from another origin. Style attributes stay
 * allowed: React and recharts set element styles, and a style attribute cannot run code.
 */
export function contentSecurityPolicy({ nonce, development = false, https = false }: PolicyOptions): string {
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(nonce)) throw new Error("nonce must be at least 16 base64 characters");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...(development ? ["ws:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  if (https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}
