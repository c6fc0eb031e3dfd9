/**
 * `tally/sdk` runs inside other people's apps: it may depend on the pure core and the Anthropic SDK's
 * types only, by relative paths (its published type declarations must resolve without this repo's aliases).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SDK = path.resolve(__dirname);
// Relative imports end in .js, so the emitted declarations resolve under Node's ESM rules too.
const ALLOWED = [/^\.\/[\w-]+\.js$/, /^\.\.\/core\/[\w-]+\.js$/, /^@anthropic-ai\/sdk$/, /^zod$/, /^node:crypto$/];

describe("lib/sdk", () => {
  it("imports only lib/core (relatively), its own files and @anthropic-ai/sdk", () => {
    const offenders: string[] = [];
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(file, "utf8");
      for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
        const specifier = match[1] ?? match[2];
        if (!ALLOWED.some((re) => re.test(specifier))) offenders.push(`${path.relative(SDK, file)} imports ${specifier}`);
        if (specifier.startsWith(".")) visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts")));
      }
    };
    for (const f of fs.readdirSync(SDK).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) visit(path.join(SDK, f));
    expect(offenders).toEqual([]);
  });
});
