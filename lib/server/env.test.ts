import { describe, expect, it } from "vitest";
import { getEnv, ingestRateLimit } from "@/lib/server/env";

const env = (vars: Record<string, string>) => ({ NODE_ENV: "test", ...vars }) as NodeJS.ProcessEnv;

describe("TALLY_REPORT_TIMEZONE", () => {
  it("defaults to UTC, takes an IANA name, and names the variable when the zone is unknown", () => {
    expect(getEnv(env({})).TALLY_REPORT_TIMEZONE).toBe("UTC");
    expect(getEnv(env({ TALLY_REPORT_TIMEZONE: "Europe/Berlin" })).TALLY_REPORT_TIMEZONE).toBe("Europe/Berlin");
    expect(() => getEnv(env({ TALLY_REPORT_TIMEZONE: "Mars/Olympus" }))).toThrow("Configuration error: TALLY_REPORT_TIMEZONE must be an IANA time zone name");
  });
});

describe("TALLY_RETENTION_DAYS", () => {
  it("is unset by default (every call kept), takes whole days, and names the variable otherwise", () => {
    expect(getEnv(env({})).TALLY_RETENTION_DAYS).toBeUndefined();
    expect(getEnv(env({ TALLY_RETENTION_DAYS: "400" })).TALLY_RETENTION_DAYS).toBe(400);
    for (const bad of ["0", "1.5", "90d", "-3", "100000"]) {
      expect(() => getEnv(env({ TALLY_RETENTION_DAYS: bad }))).toThrow(
        'Configuration error: TALLY_RETENTION_DAYS must be a whole number of days from 1 to 36500, like "400" (unset keeps every call).',
      );
    }
  });
});

describe("TALLY_INGEST_RATE_LIMIT and TALLY_INGEST_RATE_BURST", () => {
  it("are off by default, take requests per second with a burst of twice the rate unless given, and name the variable otherwise", () => {
    expect(ingestRateLimit(getEnv(env({})))).toBeNull();
    expect(ingestRateLimit(getEnv(env({ TALLY_INGEST_RATE_LIMIT: "0" })))).toBeNull();
    expect(ingestRateLimit(getEnv(env({ TALLY_INGEST_RATE_LIMIT: "20" })))).toEqual({ ratePerSecond: 20, burst: 40 });
    expect(ingestRateLimit(getEnv(env({ TALLY_INGEST_RATE_LIMIT: "0.2" })))).toEqual({ ratePerSecond: 0.2, burst: 1 });
    expect(ingestRateLimit(getEnv(env({ TALLY_INGEST_RATE_LIMIT: "5", TALLY_INGEST_RATE_BURST: "100" })))).toEqual({ ratePerSecond: 5, burst: 100 });
    for (const bad of ["fast", "-1", "1e3", "200000"]) {
      expect(() => getEnv(env({ TALLY_INGEST_RATE_LIMIT: bad }))).toThrow("Configuration error: TALLY_INGEST_RATE_LIMIT must be a number of requests per second");
    }
    for (const bad of ["0", "2.5", "lots"]) {
      expect(() => getEnv(env({ TALLY_INGEST_RATE_BURST: bad }))).toThrow("Configuration error: TALLY_INGEST_RATE_BURST must be a whole number of requests from 1 to 1000000");
    }
  });
});
