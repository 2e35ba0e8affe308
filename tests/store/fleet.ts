import { mkdtempSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/lambdalens.js", import.meta.url));

/** Runs the CLI with its own environment (DATABASE_URL etc.) and returns what it printed. */
export function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 300_000, maxBuffer: 64 << 20 });
  return r;
}

/** A deterministic synthetic export written by `lambdalens synth`, and its ground truth. */
export function synthFleet(args: string[], name: string): { path: string; truth: Record<string, unknown> } {
  const dir = mkdtempSync(join(tmpdir(), "lambdalens-fleet-"));
  const path = join(dir, name);
  const truthPath = join(dir, "truth.json");
  const r = cli(["synth", ...args, "--out", path, "--truth", truthPath]);
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
  return { path, truth: JSON.parse(readFileSync(truthPath, "utf8")) };
}
