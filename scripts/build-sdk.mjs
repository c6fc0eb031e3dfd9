// Builds `tally/sdk` (lib/sdk) into dist/sdk for apps to import: an ES module, a CommonJS copy and the
// type declarations. Runs on `npm install` and before packing (the prepare script). Dependencies stay external: the package's own.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist");
fs.rmSync(outdir, { recursive: true, force: true });

const common = { entryPoints: [path.join(root, "lib/sdk/index.ts")], bundle: true, platform: "node", target: "node18", packages: "external", logLevel: "warning" };
await build({ ...common, format: "esm", outfile: path.join(outdir, "sdk/index.js") });
await build({ ...common, format: "cjs", outfile: path.join(outdir, "sdk/index.cjs") });
execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "tsconfig.sdk.json")], { stdio: "inherit" });
console.log("build-sdk: built tally/sdk into dist/sdk.");
