import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { fixture } from "../fixtures";

const GOOD = fixture("aws-samples-graceful-shutdown-with-aws-lambda-console.log");
let dir: string;
const file = (name: string, data: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

/** Every bad input is analyzed beside a good one, whose counts must not change. */
async function besideGood(bad: string) {
  const alone = await analyzeInputs([GOOD]);
  const r = await analyzeInputs([GOOD, bad]);
  const good = r.functions.find((f) => f.name === alone.functions[0].name)!;
  expect(good.invocations).toBe(alone.functions[0].invocations);
  expect(good.coldStarts).toBe(alone.functions[0].coldStarts);
  return { r, bad: r.sources[1] };
}

function reportLines(n: number, prefix = "") {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    out.push(`${prefix}START RequestId: ${id} Version: $LATEST`);
    out.push(`${prefix}REPORT RequestId: ${id}\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`);
  }
  return out.join("\n") + "\n";
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lambdalens-bad-"));
});

describe("bad input never crashes and never spoils the other inputs", () => {
  it("an empty file", async () => {
    const { bad } = await besideGood(file("empty.log", ""));
    expect(bad.readable).toBe(true);
    expect(bad.warnings[0]).toMatch(/empty\.log: the file is empty/);
  });

  it("binary garbage", async () => {
    const junk = Buffer.alloc(200_000);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const { bad } = await besideGood(file("junk.bin", junk));
    expect(bad.warnings.join()).toMatch(/junk\.bin: binary data/);
  });

  it("a truncated gzip: keeps what was read and says where it broke", async () => {
    const whole = gzipSync(reportLines(5000, "2024-05-01T00:00:00.000Z "));
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const { r, bad } = await besideGood(file("cut.log.gz", cut));
    expect(bad.warnings.join()).toMatch(/cut\.log\.gz: the gzip data breaks off after \d+ compressed bytes \(\d+ bytes decompressed\)/);
    const f = r.functions.find((x) => x.name === "cut")!;
    expect(f.invocations).toBeGreaterThan(1000);
    expect(f.invocations).toBeLessThan(5000);
    // the line in progress when the data broke off is dropped, not half-read
    expect(f.durationMs?.max).toBe(10);
  });

  it("invalid JSON in a JSON container: the events before it count, the line is named", async () => {
    const events = [0, 1, 2].map((i) => ({ timestamp: 1714521600000 + i, message: `REPORT RequestId: 00000000-0000-4000-8000-00000000000${i}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\n` }));
    const text = JSON.stringify({ events }, null, 2).replace('"timestamp": 1714521600001', '"timestamp": 17145216,00001,');
    const { r, bad } = await besideGood(file("broken.json", text));
    expect(bad.skipped).toBeGreaterThan(0);
    expect(bad.issues[0].reason).toMatch(/invalid JSON/);
    expect(bad.issues[0].line).toBeGreaterThan(1);
    expect(r.functions.find((f) => f.name === "broken")!.invocations).toBe(2);
  });

  it("a JSON export cut short", async () => {
    const events = [0, 1, 2].map((i) => ({ timestamp: 1714521600000 + i, message: `REPORT RequestId: 00000000-0000-4000-8000-00000000000${i}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\n` }));
    const text = JSON.stringify({ events }, null, 2);
    const { r, bad } = await besideGood(file("short.json", text.slice(0, text.lastIndexOf("REPORT"))));
    expect(bad.issues.map((i) => i.reason).join()).toMatch(/cut short/);
    expect(r.functions.find((f) => f.name === "short")!.invocations).toBe(2);
  });

  it("a 5 MB single line, then more lines", async () => {
    const long = "x".repeat(5 * 1024 * 1024);
    const { r } = await besideGood(file("long.log", `${long}\n${reportLines(3)}`));
    expect(r.functions.find((f) => f.name === "long")!.invocations).toBe(3);
  });

  it("invalid UTF-8 around platform lines", async () => {
    const bytes = Buffer.concat([Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x0a]), Buffer.from(reportLines(4)), Buffer.from([0xe2, 0x82, 0x0a])]);
    const { r } = await besideGood(file("utf8.log", bytes));
    expect(r.functions.find((f) => f.name === "utf8")!.invocations).toBe(4);
  });

  it("a REPORT with missing fields is counted and noted", async () => {
    const text = "REPORT RequestId: 00000000-0000-4000-8000-000000000001\tMemory Size: 128 MB\n" + reportLines(1);
    const { r, bad } = await besideGood(file("partial.log", text));
    const f = r.functions.find((x) => x.name === "partial")!;
    expect(f.invocations).toBe(2);
    expect(f.durationMs?.max).toBe(10);
    expect(bad.issues[0]).toMatchObject({ line: 1 });
  });

  it("a log mixing functions without group names asks for --function", async () => {
    const text = reportLines(2) + reportLines(1).replace(/Memory Size: 128 MB/g, "Memory Size: 1024 MB").replace(/-0{12}/g, "-999999999999");
    const { bad } = await besideGood(file("mixed.log", text));
    expect(bad.warnings.join()).toMatch(/mixes several functions.*--function NAME/);
  });

  it("a missing file is named, the rest still analyzed", async () => {
    const r = await analyzeInputs([GOOD, join(dir, "nope.log")]);
    expect(r.sources[1]).toMatchObject({ readable: false, warnings: [expect.stringMatching(/nope\.log: no such file/)] });
    expect(r.functions[0].invocations).toBe(7);
  });
});
