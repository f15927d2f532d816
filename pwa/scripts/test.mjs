// Runs the Node tests of the app's pure code (npm test).
//
// Node 20 cannot run TypeScript, so every src/**/*.test.ts is bundled by
// esbuild (the same version the Go generator links) into .test-out/ and then
// run with `node --test`. Type-checking is tsc's job (see package.json).

import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const out = ".test-out";
const entries = readdirSync("src", { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".test.ts"))
  .sort()
  .map((f) => join("src", f));
if (entries.length === 0) {
  console.error("no tests found under src/");
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir: out,
  outbase: "src",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});

const files = entries.map((f) => join(out, f.slice("src/".length).replace(/\.ts$/, ".mjs")));
const run = spawnSync(process.execPath, ["--test", ...files], { stdio: "inherit" });
process.exit(run.status ?? 1);
