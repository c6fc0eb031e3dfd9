import { describe, expect, it } from "vitest";
import { ROLES, afterSignIn, can, homeOf, pagePermission } from "./permissions";

describe("permissions", () => {
  it("give admin everything, engineers the charts, calls and alerts, finance the reports", () => {
    const table = Object.fromEntries(
      (["dashboard.view", "calls.view", "scenarios.manage", "alerts.view", "alerts.respond", "alerts.manage", "reports.view", "reports.manage", "settings.manage"] as const).map(
        (p) => [p, ROLES.filter((r) => can(r, p)).join(",")],
      ),
    );
    expect(table).toEqual({
      "dashboard.view": "admin,engineer",
      "calls.view": "admin,engineer",
      "scenarios.manage": "admin,engineer",
      "alerts.view": "admin,engineer",
      "alerts.respond": "admin,engineer",
      "alerts.manage": "admin",
      "reports.view": "admin,finance",
      "reports.manage": "admin,finance",
      "settings.manage": "admin",
    });
  });

  it("map every page to what it needs", () => {
    expect(["/", "/models", "/features/chat", "/projections/forecast", "/caching"].map(pagePermission)).toEqual(Array(5).fill("dashboard.view"));
    expect(["/calls", "/calls/msg_1"].map(pagePermission)).toEqual(["calls.view", "calls.view"]);
    expect(["/reports", "/reports/2026-10", "/reports/budgets"].map(pagePermission)).toEqual(Array(3).fill("reports.view"));
    expect(pagePermission("/alerts/rules/new")).toBe("alerts.view");
    expect(pagePermission("/settings")).toBe("settings.manage");
    // A prefix is a whole segment: /callsign is a dashboard path, not the calls explorer.
    expect(pagePermission("/callsign")).toBe("dashboard.view");
  });

  it("send a user after signing in where they asked only if it is a page of this site they may see", () => {
    expect(homeOf("finance")).toBe("/reports");
    expect(homeOf("engineer")).toBe("/");
    expect(afterSignIn("engineer", "/calls?model=x")).toBe("/calls?model=x");
    expect(afterSignIn("finance", "/calls")).toBe("/reports");
    expect(afterSignIn("admin", "//evil.example/x")).toBe("/");
    expect(afterSignIn("admin", "https://evil.example")).toBe("/");
    expect(afterSignIn("admin", "/\\evil.example")).toBe("/");
    expect(afterSignIn("admin", "/login")).toBe("/");
    expect(afterSignIn("finance", null)).toBe("/reports");
  });
});
