/**
 * Runs before every page (not the API, not static files): a fresh nonce per response and the
 * Content-Security-Policy that allows only scripts carrying it. Next.js reads the policy from the request
 * headers and puts the nonce on its own scripts; the root layout puts it on the theme script.
 */
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, HSTS_HEADER } from "@/lib/core/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0].trim() === "https";
  const policy = contentSecurityPolicy({ nonce, development: process.env.NODE_ENV === "development", https });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set(HSTS_HEADER.key, HSTS_HEADER.value);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.svg).*)",
      // Prefetches fetch data, not documents: no policy to set.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
