import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { benchCacheKey, benchSynthOptions, ensureBenchInput } from "../../scripts/bench-analyze";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("bench:analyze input", () => {
  it("generates START, one app line, END and REPORT per invocation plus init lines, then reuses the cache", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lambdalens-bench-"));
    dirs.push(dir);
    const options = benchSynthOptions(20_000, 1, 6);
    const first = await ensureBenchInput(options, dir);
    expect(first.cached).toBe(false);
    const text = await readFile(first.path, "utf8");
    expect(Buffer.byteLength(text)).toBe(first.bytes);
    expect(text.split("\n").length - 1).toBe(first.lines);
    const count = (re: RegExp) => (text.match(re) ?? []).length;
    const t = first.truth;
    expect(t.invocations).toBe(20_000);
    expect(count(/^\S+ START RequestId: /gm)).toBe(20_000);
    expect(count(/^\S+ END RequestId: /gm)).toBe(20_000);
    expect(count(/^\S+ REPORT RequestId: /gm)).toBe(20_000);
    expect(count(/^\S+ INIT_START /gm)).toBe(t.initStarts);
    expect(t.initStarts).toBeGreaterThan(0);
    expect(count(/^\S+ RESTORE_(START|REPORT) /gm)).toBe(2 * t.snapStartRestores);
    // Nothing else: no XRAY, EXTENSION, INIT_REPORT or Task timed out lines in the bench input.
    expect(first.lines).toBe(4 * 20_000 + t.initStarts + 2 * t.snapStartRestores);

    const again = await ensureBenchInput(options, dir);
    expect(again.cached).toBe(true);
    expect(again.path).toBe(first.path);
    expect(again.lines).toBe(first.lines);
  });

  it("keys the cache by the options", () => {
    expect(benchCacheKey(benchSynthOptions(1_000_000, 1, 6))).toBe(benchCacheKey(benchSynthOptions(1_000_000, 1, 6)));
    expect(benchCacheKey(benchSynthOptions(1_000_000, 1, 6))).not.toBe(benchCacheKey(benchSynthOptions(1_000_000, 2, 6)));
    expect(benchCacheKey(benchSynthOptions(1_000_000, 1, 6))).not.toBe(benchCacheKey(benchSynthOptions(999_999, 1, 6)));
  });
});
