/** Comparing what an Anthropic SDK caller sees of an error, with and without Tally in the way. */

export type ApiError = Error & { status?: number; headers?: Headers; error?: unknown };

/** Runs `fn` and returns what it threw (or fails if it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<ApiError> {
  try {
    await fn();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("expected an error");
}

/** What a caller can see of an error, without the parts that differ per request (the request id). */
export function visible(error: ApiError) {
  return {
    class: error.constructor.name,
    status: error.status,
    error: error.error,
    retryAfter: error.headers?.get("retry-after") ?? null,
    message: error.message.replace(/req_fake_\d+/g, "req_x"),
  };
}
