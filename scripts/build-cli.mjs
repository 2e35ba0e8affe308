// Bundles the command line (and its worker threads) into dist/cli/ so that a run does not
// compile TypeScript on the fly: that costs ~0.2 s per start and a loader thread per
// worker. Runs after `npm install`; bin/lambdalens.js falls back to the TypeScript
// sources whenever they are newer than this bundle.
import { build } from "esbuild";
import { rm, writeFile, rename } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "cli");
const staging = `${out}.${process.pid}.tmp`;

await rm(staging, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: "lib/cli/main.ts",
    // the names the pipeline's `new Worker(new URL("./<name>.mjs", import.meta.url))` look for
    "analyze-worker": "lib/pipeline/analyze-worker-body.ts",
    "parse-worker": "lib/pipeline/parse-worker-body.ts",
  },
  outdir: staging,
  entryNames: "[name]",
  chunkNames: "chunk-[hash]",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
});
await writeFile(join(staging, "README"), "Built by scripts/build-cli.mjs from lib/; not edited by hand.\n");
// swapped in whole, so a run never sees half a bundle
await rm(out, { recursive: true, force: true });
await rename(staging, out);
