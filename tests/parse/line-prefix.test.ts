import { describe, expect, it } from "vitest";
import { learnLinePrefix } from "../../lib/parse/line-prefix";
import { parseAll, summarizeText, only } from "./helpers";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const invocation = (n: number, cold = false) => [
  `START RequestId: ${id(n)} Version: $LATEST`,
  `[INFO]\t2026-04-22T22:46:18.265Z\t${id(n)}\thandling`,
  `END RequestId: ${id(n)}`,
  `REPORT RequestId: ${id(n)}\tDuration: 2.94 ms\tBilled Duration: 3 ms\tMemory Size: 256 MB\tMax Memory Used: 91 MB${cold ? "\tInit Duration: 390.17 ms" : ""}\t`,
];
const messages = ["INIT_START Runtime Version: python:3.12.v7\tRuntime Version ARN: arn", ...invocation(1, true), ...invocation(2), ...invocation(3)];
const learnt = (text: string) => learnLinePrefix(Buffer.from(text), true);

describe("a prefix a file puts before every line", () => {
  it("a capture tool's time of day: read, with no point in time", async () => {
    const text = messages.map((m, i) => `22:46:${String(10 + i).padStart(2, "0")}  ${m}`).join("\n") + "\n";
    expect(learnt(text)).toMatchObject({ shape: "99:99:99", timeKind: "none" });
    const f = only(await summarizeText(text));
    expect([f.invocations, f.coldStarts, f.peakConcurrency]).toEqual([3, 1, null]);
  });

  it("`jets logs -f`: indentation and a date-time in UTC, whose time each record gets", async () => {
    const text = messages.map((m, i) => `    2023-10-29 18:28:${String(10 + i).padStart(2, "0")} UTC ${m}`).join("\n") + "\n";
    const { records } = await parseAll(text);
    expect(records.map((r) => [r.kind, new Date(r.ts).toISOString()]).slice(0, 3)).toEqual([
      ["initStart", "2023-10-29T18:28:10.000Z"],
      ["start", "2023-10-29T18:28:11.000Z"],
      ["report", "2023-10-29T18:28:14.000Z"],
    ]);
    expect(only(await summarizeText(text)).invocations).toBe(3);
  });

  it("a console CSV pasted as a Markdown table: pipes around, epoch milliseconds in the first column", async () => {
    const rows = messages.map((m, i) => `| ${1701787103739 + i * 1000} | ${m.replace(/\t/g, " ").padEnd(150)} |`);
    const text = ["|   timestamp   |   message   |", "|---------------|-------------|", ...rows].join("\n") + "\n";
    expect(learnt(text)).toMatchObject({ timeKind: "epochMs", suffix: "|" });
    const { records } = await parseAll(text);
    const report = records.find((r) => r.kind === "report")!;
    expect([report.ts, report.memoryMB, report.initMs]).toEqual([1701787103739 + 4000, 256, 390.17]);
  });

  it("is learnt the same when the text comes seven bytes at a time", async () => {
    const text = messages.map((m) => `21:00:55  ${m}`).join("\n");
    const { records } = await parseAll(text, {}, 7);
    expect(records.filter((r) => r.kind === "report")).toHaveLength(3);
  });

  it("behind the prefix, application text quoting a platform word is still no platform line", async () => {
    const quoting = `22:46:18  [INFO]\t2026-04-22T22:46:18.265Z\t${id(9)}\tREPORT RequestId: ${id(9)}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\tMax Memory Used: 91 MB`;
    const text = [...messages.map((m) => `22:46:18  ${m}`), quoting].join("\n") + "\n";
    expect(only(await summarizeText(text)).invocations).toBe(3);
  });
});

describe("no prefix is made of", () => {
  it("application text that quotes platform words on a few lines", async () => {
    const text = [
      ...messages,
      `forwarding: REPORT RequestId: ${id(7)}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 9 MB`,
      `forwarding: REPORT RequestId: ${id(8)}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 9 MB`,
    ].join("\n");
    expect(learnt(text)).toBeNull();
    expect(only(await summarizeText(text)).invocations).toBe(3);
  });

  it("words alone, even on most lines of a file", () => {
    const text = messages.map((m) => `forwarding ${m}`).join("\n");
    expect(learnt(text)).toBeNull();
  });

  it("text before the platform words of only some lines", () => {
    const text = messages.map((m, i) => (i % 2 ? m : `22:46:18  ${m}`)).join("\n");
    expect(learnt(text)).toBeNull();
  });

  it("an INIT_REPORT glued behind a traceback in a console's test panel", () => {
    const text = [
      "\tTraceback (most recent call last):INIT_REPORT Init Duration: 310.38 ms\tPhase: init\tStatus: error",
      "\tTraceback (most recent call last):INIT_REPORT Init Duration: 5031.95 ms\tPhase: invoke\tStatus: error",
      ...invocation(1).map((l) => `\t${l}`),
    ].join("\n");
    expect(learnt(text)).toBeNull();
  });
});

describe("a console Download CSV without its header line", () => {
  it("is read as CSV: quoted messages, doubled quotes, epoch milliseconds", async () => {
    const rows = messages.map((m, i) => `${1702417815650 + i},"${m.replace("handling", 'msg=""quoted""')}"`);
    const { records, stats } = await parseAll(rows.join("\n") + "\n");
    expect(stats.containers.has("csv")).toBe(true);
    expect(records.filter((r) => r.kind === "report").map((r) => r.ts)).toEqual([1702417815650 + 4, 1702417815650 + 8, 1702417815650 + 12]);
  });
});
