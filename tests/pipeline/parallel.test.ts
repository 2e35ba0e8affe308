import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BIN, synthFleet } from "../store/fleet";
import { cpusWithin } from "../../lib/pipeline/parallel-text";

const fleet = synthFleet(["--invocations", "40000", "--functions", "4", "--format", "s3", "--seed", "13", "--shuffle", "50"], "export.log");
const gz = join(dirname(fleet.path), "export.log.gz");
writeFileSync(gz, gzipSync(readFileSync(fleet.path)));
// a REPORT without Duration deep inside, to check that notes keep whole-file line numbers
const noted = join(dirname(fleet.path), "noted.log");
const lines = readFileSync(fleet.path, "utf8").split("\n");
lines.splice(100_000, 0, "2025-09-01T12:00:00.000Z REPORT RequestId: 99999999-9999-4999-8999-999999999999\tMemory Size: 128 MB");
writeFileSync(noted, lines.join("\n"));
// the same lines as `jets logs -f` prints them (a prefix learnt from the file's start), and
// behind marks of changing width (no prefix to learn: nothing read, notes deep in the file)
const plainLines = readFileSync(fleet.path, "utf8").split("\n");
const jets = join(dirname(fleet.path), "jets.log");
writeFileSync(jets, plainLines.map((l) => (l.length > 24 ? `    ${l.slice(0, 10)} ${l.slice(11, 19)} UTC ${l.slice(25)}` : l)).join("\n"));
const marked = join(dirname(fleet.path), "marked.log");
writeFileSync(marked, plainLines.map((l, i) => `${"#".repeat((i % 3) + 1)} ${l.slice(25)}`).join("\n"));

function analyze(file: string, threads: number) {
  // small chunks and a low threshold: the parallel path on a test-sized file
  const env = { ...process.env, LAMBDALENS_THREADS: String(threads), LAMBDALENS_PARALLEL_MIN_BYTES: "1000000", LAMBDALENS_PARALLEL_CHUNK_BYTES: "300000" };
  const r = spawnSync(process.execPath, [BIN, "analyze", "--json", "--function", "fleet", file], { env, encoding: "utf8", maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe("large exports parsed on several threads", () => {
  it.each([
    ["plain", fleet.path],
    ["gzip", gz],
  ])("give exactly the one-thread result (%s)", (_, file) => {
    const one = analyze(file, 1);
    const three = analyze(file, 3);
    expect(three.functions).toEqual(one.functions);
    expect(three.window).toEqual(one.window);
    expect(three.lines).toEqual(one.lines);
    expect(one.functions[0].invocations).toBe(40000);
  });

  it("learn a file's line prefix once, from its start", () => {
    const one = analyze(jets, 1);
    const three = analyze(jets, 3);
    expect(three.functions).toEqual(one.functions);
    expect(one.functions[0].invocations).toBe(40000);
    expect(one.functions[0].peakConcurrency).toBeGreaterThan(0);
  });

  it("say the same when nothing was read, naming lines of the whole file", () => {
    const one = analyze(marked, 1);
    const three = analyze(marked, 3);
    expect(one.functions).toEqual([]);
    expect(one.warnings).toEqual([expect.stringMatching(/no line was read as a Lambda platform line/)]);
    expect(three.warnings).toEqual(one.warnings);
    expect(three.sources[0].issues).toEqual(one.sources[0].issues);
  });

  it("with notes naming the line in the whole file", () => {
    const one = analyze(noted, 1);
    const three = analyze(noted, 3);
    expect(one.sources[0].issues[0].line).toBe(100_001);
    expect(three.sources[0].issues).toEqual(one.sources[0].issues);
    expect(three.functions).toEqual(one.functions);
  });
});

describe("processors a container may use", () => {
  it("honours a cgroup v2 quota and ignores none or garbage", () => {
    expect(cpusWithin("max 100000\n", 8)).toBe(8);
    expect(cpusWithin("100000 100000\n", 8)).toBe(1);
    expect(cpusWithin("250000 100000", 8)).toBe(2);
    expect(cpusWithin("50000 100000", 8)).toBe(1);
    expect(cpusWithin("800000 100000", 2)).toBe(2);
    expect(cpusWithin("", 4)).toBe(4);
  });
});
