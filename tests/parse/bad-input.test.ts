import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { fixture } from "../fixtures";
import { BIN } from "../store/fleet";

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

  it("base64 of a gzip whose data is corrupt past the first chunk: the run ends (it used to wait forever)", async () => {
    const whole = gzipSync(reportLines(20_000, "2024-05-01T00:00:00.000Z "));
    whole[Math.floor(whole.length / 2)] ^= 0xff;
    const { bad } = await besideGood(file("corrupt.b64", whole.toString("base64")));
    expect(bad.warnings.join()).toMatch(/corrupt\.b64: the gzip data breaks off after \d+ compressed bytes/);
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

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const REPORT = (n: number, duration = "10.00") => `REPORT RequestId: ${ID(n)}\tDuration: ${duration} ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;

describe("numbers that are no time or duration are skipped lines, with a reason", () => {
  it("in text: a duration of 1e308 ms, 99999999999999999 ms or a memory size of 1e308 MB", async () => {
    const text = [REPORT(1), REPORT(2, "1e308"), REPORT(3, "99999999999999999"), REPORT(4).replace("Memory Size: 128", "Memory Size: 1e308"), REPORT(5)].join("\n") + "\n";
    const { r, bad } = await besideGood(file("huge.log", text));
    expect(r.functions.find((f) => f.name === "huge")!.invocations).toBe(2);
    expect(bad.skipped).toBe(3);
    expect(bad.issues.map((i) => [i.line, i.reason])).toEqual([
      [2, "Duration 1e+308 ms is not a duration (0 to 24 h): line skipped"],
      [3, expect.stringMatching(/^Duration 1\d{17} ms is not a duration \(0 to 24 h\): line skipped$/)],
      [4, "Memory Size 1e+308 MB is not a memory size (0 to 1 TB): line skipped"],
    ]);
  });

  it("in JSON: a timestamp of 1e300, 99999999999999999 or -1; and in a platform.report", async () => {
    const events = [1714521600000, 1e300, 99999999999999999, -1].map((timestamp, i) => ({ timestamp, message: REPORT(i + 1) }));
    const report = { time: "2024-05-01T00:00:01.000Z", type: "platform.report", record: { requestId: ID(9), metrics: { durationMs: 1e308, billedDurationMs: 1, memorySizeMB: 128 } } };
    const { r, bad } = await besideGood(file("times.json", JSON.stringify({ events: [...events, { timestamp: 1714521600000, message: JSON.stringify(report) }] })));
    const f = r.functions.find((x) => x.name === "times")!;
    expect(f.invocations).toBe(1);
    // the one invocation left: reported at 00:00:00, after 10 ms
    expect([f.firstSeen, f.lastSeen]).toEqual(["2024-04-30T23:59:59.990Z", "2024-05-01T00:00:00.000Z"]);
    expect(bad.issues.map((i) => i.reason)).toEqual([
      "time 1e+300 is not a date between 1970 and 9999: line skipped",
      "time 100000000000000000 is not a date between 1970 and 9999: line skipped",
      "time -1 is not a date between 1970 and 9999: line skipped",
      "Duration 1e+308 ms is not a duration (0 to 24 h): line skipped",
    ]);
  });

  it("in a console CSV: an epoch of 17 digits", async () => {
    const { r, bad } = await besideGood(file("times.csv", `timestamp,message\n1714521600000,"${REPORT(1)}"\n99999999999999999,"${REPORT(2)}"\n`));
    expect(r.functions.find((x) => x.name === "times")!.invocations).toBe(1);
    expect(bad.issues.map((i) => [i.line, i.reason])).toEqual([[3, "time 100000000000000000 is not a date between 1970 and 9999: line skipped"]]);
  });
});

describe("nesting and sizes have limits, each a clear skip", () => {
  it("events nested 10,000 documents deep", async () => {
    const depth = 10_000;
    const inner = { timestamp: 1714521600000, message: REPORT(1) };
    const text = '{"events":['.repeat(depth) + JSON.stringify(inner) + "]}".repeat(depth);
    const { bad } = await besideGood(file("deep.json", text));
    expect(bad.issues.map((i) => i.reason)).toEqual(["events nested more than 8 documents or payloads deep: skipped (no export nests them so)"]);
  });

  it("a subscription payload nested in events as deep as the limit still counts", async () => {
    let doc: unknown = { logGroup: "/aws/lambda/nested", logStream: "2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef", logEvents: [{ id: "1", timestamp: 1714521600000, message: REPORT(1) }] };
    for (let i = 0; i < 7; i++) doc = { events: [doc] };
    const { r } = await besideGood(file("eight.json", JSON.stringify(doc)));
    expect(r.functions.find((f) => f.name === "nested")!.invocations).toBe(1);
  });

  it("awslogs.data that inflates past 64 MiB is skipped; a small one is read event by event", async () => {
    const bomb = gzipSync(Buffer.alloc(80 << 20, 32)).toString("base64");
    const payload = { messageType: "DATA_MESSAGE", logGroup: "/aws/lambda/ok", logStream: "s", logEvents: [{ id: "1", timestamp: 1714521600000, message: REPORT(1) }] };
    const small = gzipSync(JSON.stringify(payload)).toString("base64");
    const text = `${JSON.stringify({ awslogs: { data: bomb } })}\n${JSON.stringify({ awslogs: { data: small } })}\n`;
    const { r, bad } = await besideGood(file("bomb.json", text));
    expect(r.functions.find((f) => f.name === "ok")!.invocations).toBe(1);
    expect(bad.issues.map((i) => [i.line, i.reason])).toEqual([[1, "awslogs.data inflates to more than 64 MiB, which no subscription payload does: skipped"]]);
  });

  it("a JSON value of more than a million items", async () => {
    const text = `[${"{},".repeat(1_100_000)}{}]`;
    const { bad } = await besideGood(file("items.json", `{"events":[${JSON.stringify({ timestamp: 1714521600000, message: REPORT(1) })},${text}]}`));
    expect(bad.issues.map((i) => i.reason)).toEqual(["invalid JSON: a JSON value of more than 1,000,000 objects, arrays and items was skipped"]);
  });

  it("a CSV record over 16 MiB, and a quote that never closes", async () => {
    const long = "x".repeat(17 << 20);
    const { r, bad } = await besideGood(file("long.csv", `timestamp,message\n1714521600000,"${long}"\n1714521600001,"${REPORT(1)}"\n1714521600002,"${long}`));
    expect(r.functions.find((f) => f.name === "long")!.invocations).toBe(1);
    expect(bad.issues.map((i) => [i.line, i.reason])).toEqual([
      [2, "CSV record longer than 16 MiB, more than any log event: skipped"],
      [4, "CSV record with a quote that never closes (file cut short?), over 16 MiB long: skipped"],
    ]);
  });

  it("a JSON log line over 1 MiB is no platform event", async () => {
    const big = JSON.stringify({ time: "2024-05-01T00:00:00.000Z", type: "platform.report", record: { requestId: ID(1), pad: "x".repeat(2 << 20) } });
    const { r, bad } = await besideGood(file("bigline.log", `${REPORT(2)}\n${big}\n`));
    expect(r.functions.find((f) => f.name === "bigline")!.invocations).toBe(1);
    expect(bad.issues.map((i) => [i.line, i.reason])).toEqual([[2, "JSON log line longer than 1 MiB: no platform event is that long; skipped"]]);
  });
});

describe("memory stays bounded whatever the input", () => {
  const peakMB = (path: string) => {
    const r = spawnSync(process.execPath, [BIN, "analyze", "--json", "--stats", path], { encoding: "utf8", maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stderr.trim().split("\n").at(-1)!).maxRssMB as number;
  };

  it.each([
    ["an unclosed CSV quote over 60 MB", "quote.csv", () => `timestamp,message\n1714521600000,"${"y".repeat(1000)}\n`.repeat(1) + `${"z".repeat(999)}\n`.repeat(60_000)],
    ["a 60 MB line", "line.log", () => "x".repeat(60 << 20)],
    ["a 60 MB top-level object of members", "members.json", () => `{${Array.from({ length: 60 }, (_, i) => `"k${i}":"${"v".repeat(1 << 20)}"`).join(",")}}`],
    ["a 30 MB array of empty objects", "objects.json", () => `[[${"{},".repeat(10 << 20)}{}]]`],
  ])("%s", (_, name, make) => {
    expect(peakMB(file(name, make()))).toBeLessThan(500);
  });
});
