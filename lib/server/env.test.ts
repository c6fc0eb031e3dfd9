import { describe, expect, it } from "vitest";
import { getEnv } from "@/lib/server/env";

const env = (vars: Record<string, string>) => ({ NODE_ENV: "test", ...vars }) as NodeJS.ProcessEnv;

describe("TALLY_REPORT_TIMEZONE", () => {
  it("defaults to UTC, takes an IANA name, and names the variable when the zone is unknown", () => {
    expect(getEnv(env({})).TALLY_REPORT_TIMEZONE).toBe("UTC");
    expect(getEnv(env({ TALLY_REPORT_TIMEZONE: "Europe/Berlin" })).TALLY_REPORT_TIMEZONE).toBe("Europe/Berlin");
    expect(() => getEnv(env({ TALLY_REPORT_TIMEZONE: "Mars/Olympus" }))).toThrow("Configuration error: TALLY_REPORT_TIMEZONE must be an IANA time zone name");
  });
});
