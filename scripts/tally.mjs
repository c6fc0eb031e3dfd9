#!/usr/bin/env node
// Entry point of the `tally` command: runs the TypeScript CLI through tsx with the project's tsconfig,
// so it works from any working directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv);
