/** The single place that turns errors into HTTP answers: `{ "error": { "code", "message", "details" } }`. */
import "server-only";
import { ZodError } from "zod";
import { AppError } from "@/lib/server/errors";

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
      { status: error.status, headers: error.headers },
    );
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((issue) => `${issue.path.join(".") || "(query)"}: ${issue.message}`);
    return Response.json({ error: { code: "bad_request", message: details.join("; "), details } }, { status: 400 });
  }
  console.error("Unhandled error:", error);
  return Response.json({ error: { code: "internal", message: "Internal server error" } }, { status: 500 });
}

/** Wraps a route handler so every thrown error becomes a JSON error response. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
