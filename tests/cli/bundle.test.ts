import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { allLogFixtures, fixture } from "../fixtures";
import { BIN, synthFleet } from "../store/fleet";

const fleet = synthFleet(["--invocations", "20000", "--functions", "3", "--format", "s3", "--seed", "21"], "bundle.log");

function lambdalens(args: string[], fromSource: boolean, extraEnv: Record<string, string> = {}) {
  const env = { ...process.env, ...extraEnv, LAMBDALENS_FROM_SOURCE: fromSource ? "1" : "0" };
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", maxBuffer: 64 << 20, timeout: 120_000 });
  return r;
}

describe("the command-line bundle (dist/cli, built by npm install)", () => {
  it("is what runs, unless the sources are newer", () => {
    expect(lambdalens(["--version"], true).stdout).toMatch(/^lambdalens \d+\.\d+\.\d+ \(TypeScript sources\)\n$/);
    const bundled = lambdalens(["--version"], false).stdout;
    expect(bundled, "dist/cli is older than lib/: run `npm run build:cli` (npm test and npm install do)").toMatch(/\(bundle in dist\/cli\)/);
  });

  it("gives exactly what the sources give, on every public fixture", () => {
    const files = allLogFixtures().map(fixture);
    const a = lambdalens(["analyze", "--json", ...files], false);
    const b = lambdalens(["analyze", "--json", ...files], true);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).functions.length).toBeGreaterThan(5);
  });

  it("runs its reading threads from the bundle too", () => {
    const env = { LAMBDALENS_THREADS: "2", LAMBDALENS_PARALLEL_MIN_BYTES: "1000000" };
    const a = lambdalens(["analyze", "--json", "--function", "fleet", fleet.path], false, env);
    const b = lambdalens(["analyze", "--json", "--function", "fleet", fleet.path], true, env);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).functions[0].invocations).toBe(20000);
  });
});
