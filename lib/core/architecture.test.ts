/** Keeps the core pure: lib/core may not reach for frameworks, the database, the file system or the network. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const CORE = path.resolve(__dirname);
const FORBIDDEN = [/^next(\/|$)/, /^react(-dom)?(\/|$)/, /^@prisma\//, /generated\/prisma/, /^(node:)?fs(\/|$)/, /^(node:)?(http|https|net)$/, /^@\/lib\/(server|cli)\//, /^pg$/, /^better-sqlite3$/];

function sources(): string[] {
  return fs
    .readdirSync(CORE)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => path.join(CORE, f));
}

describe("lib/core", () => {
  it("imports nothing from Next.js, React, Prisma, fs, the network or lib/server", () => {
    const offenders: string[] = [];
    for (const file of sources()) {
      const text = fs.readFileSync(file, "utf8");
      for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
        const specifier = match[1] ?? match[2];
        if (FORBIDDEN.some((re) => re.test(specifier))) offenders.push(`${path.basename(file)} imports ${specifier}`);
      }
      if (/\bfetch\s*\(/.test(text)) offenders.push(`${path.basename(file)} calls fetch`);
    }
    expect(offenders).toEqual([]);
  });
});
