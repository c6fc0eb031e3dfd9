import { handle } from "@/lib/server/http";
import { proxyRequest } from "@/lib/server/proxy";

export const dynamic = "force-dynamic";

/**
 * /api/proxy/v1/...: an Anthropic-compatible endpoint. Point a client's `baseURL` at `<tally>/api/proxy`
 * and every request is forwarded upstream unchanged, with its usage recorded (lib/server/proxy.ts).
 */
const proxy = handle(proxyRequest);

export { proxy as DELETE, proxy as GET, proxy as PATCH, proxy as POST, proxy as PUT };
