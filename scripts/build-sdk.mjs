// Builds `tally/sdk` (lib/sdk) into dist/sdk for apps to import: an ES module, a CommonJS copy and the
// type declarations, plus a package.json that makes the folder a package of its own (`npm pack dist/sdk`
// gives a tarball an app can install without the rest of Tally). Runs on `npm install` and before
// packing (the prepare script). Dependencies stay external.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist/sdk");
fs.rmSync(outdir, { recursive: true, force: true });

const common = { entryPoints: [path.join(root, "lib/sdk/index.ts")], bundle: true, platform: "node", target: "node18", packages: "external", logLevel: "warning" };
await build({ ...common, format: "esm", outfile: path.join(outdir, "index.js") });
await build({ ...common, format: "cjs", outfile: path.join(outdir, "index.cjs") });
execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "tsconfig.sdk.json")], { stdio: "inherit" });

const tally = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const types = "./types/lib/sdk/index.d.ts";
const sdkPackage = {
  name: "tally-sdk",
  version: tally.version,
  description: "Records every Claude call an @anthropic-ai/sdk client makes into Tally",
  license: tally.license,
  type: "module",
  exports: { ".": { types, import: "./index.js", require: "./index.cjs" } },
  types,
  engines: { node: ">=18" },
  dependencies: { zod: tally.dependencies.zod },
  peerDependencies: { "@anthropic-ai/sdk": `>=${tally.dependencies["@anthropic-ai/sdk"]}` },
};
fs.writeFileSync(path.join(outdir, "package.json"), `${JSON.stringify(sdkPackage, null, 2)}\n`);
console.log("build-sdk: built tally/sdk into dist/sdk.");
