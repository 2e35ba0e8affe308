#!/usr/bin/env node
// Entry point only. Runs the bundle `npm install` built (dist/cli, see scripts/build-cli.mjs)
// when it is newer than every source file under lib/; otherwise registers the TypeScript
// loader and runs the sources, so an edited checkout never runs stale code. (Sources
// copied in with their old times kept, as `rsync -a` does, look older than they are:
// `npm run build:cli` or LAMBDALENS_FROM_SOURCE=1 then.)
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/cli/main.mjs", import.meta.url);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(path).isDirectory());
    if (isDir) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|mjs|js|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= newestSource(fileURLToPath(new URL("../lib", import.meta.url)));
  } catch {
    return false;
  }
}

const entry = process.env.LAMBDALENS_FROM_SOURCE !== "1" && bundleIsFresh() ? "bundle" : "sources";
let main;
if (entry === "bundle") {
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../lib/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2), entry);
