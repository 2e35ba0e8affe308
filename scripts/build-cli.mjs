// Bundles the command line (and its worker threads) into dist/cli/ so that a run does not
// compile TypeScript on the fly: that costs ~0.2 s per start and a loader thread per
// worker. Runs after `npm install` and before `npm test`; bin/lambdalens.js falls back to
// the TypeScript sources whenever they are newer than this bundle, so a failed build
// costs speed, not correctness: it warns and exits 0 unless --strict.
import { build } from "esbuild";
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "cli");
const staging = join(root, "dist", `.cli-${process.pid}.tmp`);
// the names the pipeline's `new Worker(new URL("./<name>.mjs", import.meta.url))` look for
const ENTRIES = { main: "lib/cli/main.ts", "analyze-worker": "lib/pipeline/analyze-worker-body.ts", "parse-worker": "lib/pipeline/parse-worker-body.ts" };
// chunks of earlier builds are kept this long: a process started from one (a long-running
// worker) may still load its lazily imported parts
const KEEP_OLD_CHUNKS_MS = 7 * 24 * 3600 * 1000;

async function bundle() {
  // stamped with the time the sources were read, so an edit made during the build is newer
  const startedAt = new Date();
  await rm(staging, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
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
  await mkdir(out, { recursive: true });
  const built = await readdir(staging);
  const entryFiles = Object.keys(ENTRIES).flatMap((e) => [`${e}.mjs.map`, `${e}.mjs`]);
  // chunks first (content-hashed names: same name, same bytes), the entry points after,
  // main.mjs last: a run never starts a bundle whose parts are not all in place
  const order = [...built.filter((f) => !entryFiles.includes(f)), ...entryFiles.filter((f) => built.includes(f) && f !== "main.mjs"), "main.mjs"];
  for (const f of order) await rename(join(staging, f), join(out, f));
  await utimes(join(out, "main.mjs"), startedAt, startedAt);
  await rm(staging, { recursive: true, force: true });
  const now = Date.now();
  for (const f of await readdir(out)) {
    if (built.includes(f) || !f.startsWith("chunk-")) continue;
    const st = await stat(join(out, f));
    if (now - st.mtimeMs > KEEP_OLD_CHUNKS_MS) await rm(join(out, f), { force: true });
  }
}

try {
  await bundle();
} catch (e) {
  await rm(staging, { recursive: true, force: true }).catch(() => {});
  if (process.argv.includes("--strict")) throw e;
  process.stderr.write(`lambdalens: could not bundle the command line (${e instanceof Error ? e.message.split("\n")[0] : e}); it will run from the TypeScript sources, only slower to start\n`);
}
