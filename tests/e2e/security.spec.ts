/**
 * Security headers on every page, a Content-Security-Policy that stops injected scripts while the app
 * itself still runs, and server actions that refuse a request sent from another site.
 */
import { expect, type Page, test } from "@playwright/test";
import { NAV_LINKS } from "@/components/nav-items";
import { tally } from "./support";

const PAGES = ["/login", ...NAV_LINKS.map((link) => link.href)];

/** CSP violations the browser reports while `run` goes on. */
async function violationsDuring(page: Page, run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) seen.push(message.text());
  };
  page.on("console", onConsole);
  await run();
  page.off("console", onConsole);
  return seen;
}

test("every page carries the security headers and a nonce policy, and renders with no violation", async ({ page }) => {
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const violations = await violationsDuring(page, async () => {
      const response = (await page.goto(path))!;
      expect(response.status(), path).toBe(200);
      const headers = response.headers();
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
      const policy = headers["content-security-policy"] ?? "";
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy, path).not.toContain("'unsafe-inline' 'strict-dynamic'");
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce, `${path} policy has a nonce`).toBeTruthy();
      nonces.add(nonce!);
      // Every script the server sent (Next.js's own and the theme script) carries this response's
      // nonce, so the app runs. Scripts the runtime adds later (chunks for a prefetched route) are
      // trusted through 'strict-dynamic' and are not in the served HTML, so the HTML is what is read.
      const html = await response.text();
      const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scriptTags.length, path).toBeGreaterThan(0);
      const withoutNonce = scriptTags.filter((tag) => !tag.includes(`nonce="${nonce}"`));
      expect(withoutNonce, `${path}: every served script has the nonce`).toEqual([]);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    });
    expect(violations, path).toEqual([]);
  }
  expect(nonces.size, "a fresh nonce per response").toBe(PAGES.length);

  // The app hydrated under the policy: a client component responds to a click.
  await page.goto("/");
  const toggle = page.getByRole("button", { name: /theme/i });
  const before = await toggle.getAttribute("aria-label");
  await toggle.click();
  await expect(toggle).not.toHaveAttribute("aria-label", before!);
});

test("markup that slipped into a page cannot run a script", async ({ page }) => {
  // As if a name had reached the HTML unescaped: the server's own response, with its own policy,
  // plus an inline script and an event handler that carry no nonce.
  await page.route("**/", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("</body>", '<script>window.__injected=1</script><img src="/favicon.svg" onload="window.__handler=1"></body>');
    await route.fulfill({ response, body: html });
  });
  const violations = await violationsDuring(page, async () => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("load");
  });
  expect(await page.evaluate(() => ({ script: "__injected" in window, handler: "__handler" in window }))).toEqual({ script: false, handler: false });
  expect(violations.length).toBeGreaterThanOrEqual(2);
});

test("API responses carry the static headers too", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["x-frame-options"]).toBe("DENY");
});

test("a server action replayed from another site is refused and changes nothing", async ({ page }) => {
  // Capture the browser's own request when an admin adds a user through Settings.
  await page.goto("/settings");
  const users = page.getByRole("region", { name: "Users" });
  await users.getByLabel("Email").fill("csrf-probe@e2e.tally");
  await users.getByLabel("Role", { exact: true }).selectOption("admin");
  const [actionRequest] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
    users.getByRole("button", { name: "Add user" }).click(),
  ]);
  await expect(page.getByTestId("users")).toContainText("csrf-probe@e2e.tally");
  const headers = await actionRequest.allHeaders();
  const body = actionRequest.postDataBuffer()!;
  const replay = (origin: string, email: string) =>
    page.request.post(actionRequest.url(), {
      headers: {
        "next-action": headers["next-action"],
        "next-router-state-tree": headers["next-router-state-tree"] ?? "",
        "content-type": headers["content-type"],
        accept: "text/x-component",
        origin,
      },
      data: Buffer.from(body.toString("latin1").replaceAll("csrf-probe@e2e.tally", email), "latin1"),
    });
  const own = new URL(actionRequest.url()).origin;

  // The same request with the session cookie but sent by another site's page.
  const crossSite = await replay("https://attacker.example", "csrf-attacker@e2e.tally");
  expect(crossSite.ok()).toBe(false);
  expect(tally(["users", "list"])).not.toContain("csrf-attacker@e2e.tally");

  // Control: the identical replay from Tally's own origin goes through, so the refusal above was the Origin's doing.
  const sameSite = await replay(own, "csrf-control@e2e.tally");
  expect(sameSite.status()).toBe(200);
  expect(tally(["users", "list"])).toContain("csrf-control@e2e.tally");
});
