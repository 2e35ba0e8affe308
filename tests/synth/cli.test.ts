import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { synthCommand } from "../../lib/cli/synth";
import type { GroundTruth } from "../../lib/synth/index";

let dir: string;
let stderr: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lambdalens-synth-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  return () => vi.restoreAllMocks();
});

describe("lambdalens synth", () => {
  it("writes byte-identical output and truth for the same seed and options", async () => {
    const args = (n: string) => ["--invocations", "3000", "--seed", "5", "--out", join(dir, `a${n}.log`), "--truth", join(dir, `t${n}.json`)];
    expect(await synthCommand(args("1"))).toBe(0);
    expect(await synthCommand(args("2"))).toBe(0);
    const [a1, a2] = await Promise.all([readFile(join(dir, "a1.log")), readFile(join(dir, "a2.log"))]);
    expect(a1.length).toBeGreaterThan(100_000);
    expect(a1.equals(a2)).toBe(true);
    const [t1, t2] = await Promise.all([readFile(join(dir, "t1.json"), "utf8"), readFile(join(dir, "t2.json"), "utf8")]);
    expect(t1).toBe(t2);
    const truth = JSON.parse(t1) as GroundTruth;
    expect(truth.seed).toBe(5);
    expect(truth.totals.invocations).toBe(3000);
    expect(Object.keys(truth.functions)).toHaveLength(6);
    expect(a1.toString().match(/^\S+ REPORT RequestId: /gm)).toHaveLength(3000);
    expect(stderr.join("")).toMatch(/^lambdalens synth: 3000 invocations, 6 functions, seed 5, s3: \d+ cold starts/m);
  });

  it("changes the bytes with the seed", async () => {
    await synthCommand(["--invocations", "500", "--seed", "1", "--out", join(dir, "s1.log")]);
    await synthCommand(["--invocations", "500", "--seed", "2", "--out", join(dir, "s2.log")]);
    const [a, b] = await Promise.all([readFile(join(dir, "s1.log")), readFile(join(dir, "s2.log"))]);
    expect(a.equals(b)).toBe(false);
  });

  it("honours --start, --functions, --function and --gzip", async () => {
    const out = join(dir, "one.log.gz");
    const code = await synthCommand([
      "--invocations", "800", "--functions", "4", "--function", "auth-authorizer",
      "--start", "2024-03-10T00:00:00Z", "--hours", "2", "--gzip", "--out", out, "--truth", join(dir, "one.json"),
    ]);
    expect(code).toBe(0);
    const text = gunzipSync(await readFile(out)).toString();
    expect(text.startsWith("2024-03-10T0")).toBe(true);
    const truth = JSON.parse(await readFile(join(dir, "one.json"), "utf8")) as GroundTruth;
    expect(Object.keys(truth.functions)).toEqual(["auth-authorizer"]);
    expect(truth.functions["auth-authorizer"]!.memoryMB).toBe(128);
    expect(text.match(/^\S+ REPORT RequestId: /gm)).toHaveLength(truth.totals.invocations);
    expect(text).toContain("\tMemory Size: 128 MB\t");
    expect(text).not.toContain("Memory Size: 512 MB");
  });

  it("writes one gzip payload per file for --format subscription", async () => {
    const out = join(dir, "sub");
    expect(await synthCommand(["--invocations", "300", "--format", "subscription", "--out", out])).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files.length).toBeGreaterThan(10);
    expect(files[0]).toBe("000001.json.gz");
    const payload = JSON.parse(gunzipSync(await readFile(join(out, files[0]!))).toString()) as { messageType: string; logGroup: string };
    expect(payload.messageType).toBe("DATA_MESSAGE");
    expect(payload.logGroup).toMatch(/^\/aws\/lambda\//);
  });

  it("splits text formats per function with --per-function", async () => {
    const out = join(dir, "split");
    expect(await synthCommand(["--invocations", "600", "--functions", "3", "--format", "sam", "--per-function", "--out", out, "--truth", join(dir, "split.json")])).toBe(0);
    expect((await readdir(out)).sort()).toEqual(["auth-authorizer.log", "orders-api.log", "thumbnailer.log"]);
    const truth = JSON.parse(await readFile(join(dir, "split.json"), "utf8")) as GroundTruth;
    for (const [name, f] of Object.entries(truth.functions)) {
      const text = await readFile(join(out, `${name}.log`), "utf8");
      expect(text.match(/ REPORT RequestId: /g)).toHaveLength(f.invocations);
    }
    expect(truth.totals.invocations).toBe(600);
  });

  it("rejects bad options with exit code 2 and a message", async () => {
    expect(await synthCommand(["--format", "xml"])).toBe(2);
    expect(stderr.join("")).toContain("--format: expected one of s3, plain, sam, tail, filter-json, subscription, firehose, json-log");
    expect(await synthCommand(["--invocations", "ten"])).toBe(2);
    expect(await synthCommand(["--format", "subscription"])).toBe(2);
    expect(await synthCommand(["--start", "yesterday"])).toBe(2);
    expect(await synthCommand(["--bogus"])).toBe(2);
  });

  it("prints its usage for --help", async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    expect(await synthCommand(["--help"])).toBe(0);
    spy.mockRestore();
    expect(out.join("")).toContain("Usage: lambdalens synth [options]");
  });
});
