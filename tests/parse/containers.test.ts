import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseAll, summarizeText, only } from "./helpers";

const STREAM = "2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef";
const A = "11111111-2222-4333-8444-555555555555";
const B = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const report = (id: string, d = "100.00", extra = "") =>
  `REPORT RequestId: ${id}\tDuration: ${d} ms\tBilled Duration: ${Math.ceil(Number(d))} ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB${extra}\t`;

/** Two invocations on one stream: A cold at 00:00:01, B warm at 00:00:02. */
function messages(): { ts: number; message: string }[] {
  const t = Date.UTC(2024, 4, 1, 0, 0, 0);
  return [
    { ts: t, message: "INIT_START Runtime Version: nodejs:20.v22\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc" },
    { ts: t + 1000, message: `START RequestId: ${A} Version: $LATEST` },
    { ts: t + 1100, message: `END RequestId: ${A}` },
    { ts: t + 1100, message: report(A, "100.00", "\tInit Duration: 250.50 ms") },
    { ts: t + 2000, message: `START RequestId: ${B} Version: $LATEST` },
    { ts: t + 2050, message: `END RequestId: ${B}` },
    { ts: t + 2050, message: report(B, "50.00") },
  ];
}

const iso = (ms: number) => new Date(ms).toISOString();

async function expectTwoInvocations(data: Buffer | string, fn = "fn") {
  const s = await summarizeText(data);
  const f = only(s);
  expect(f.name).toBe(fn);
  expect([f.invocations, f.coldStarts, f.preInvokeInits, f.unusedInits, f.peakConcurrency]).toEqual([2, 1, 0, 0, 1]);
  expect(f.durationMs).toEqual({ p50: 50, p95: 100, p99: 100, max: 100 });
  expect(s.window.start).toBe("2024-05-01T00:00:00.000Z");
  return s;
}

const payload = (type = "DATA_MESSAGE") => ({
  messageType: type,
  owner: "123456789012",
  logGroup: "/aws/lambda/orders-api",
  logStream: STREAM,
  subscriptionFilters: ["f"],
  logEvents: messages().map((m, i) => ({ id: String(i), timestamp: m.ts, message: m.message + "\n" })),
});

describe("containers, sniffed from content", () => {
  it("S3 export lines with blank lines between records", async () => {
    await expectTwoInvocations(messages().map((m) => `${iso(m.ts)} ${m.message}\n`).join("\n"));
  });

  it("bare messages with CRLF line ends", async () => {
    const s = await summarizeText(messages().map((m) => m.message).join("\r\n"));
    expect(only(s).invocations).toBe(2);
    expect(only(s).coldStarts).toBe(1);
  });

  it("aws logs tail --format detailed and short", async () => {
    const detailed = messages().map((m) => `${iso(m.ts).replace("Z", "000+00:00")} ${STREAM} ${m.message}`).join("\n");
    const { records } = await parseAll(detailed);
    expect(new Set(records.map((r) => r.stream))).toEqual(new Set([STREAM]));
    await expectTwoInvocations(detailed);
    const short = messages().map((m) => `${iso(m.ts).slice(0, 19)} ${m.message}`).join("\n");
    expect(only(await summarizeText(short)).invocations).toBe(2);
  });

  it("sam logs, with the function taken from a custom group's stream name", async () => {
    const custom = "2024/05/01/orders-api[$LATEST]0123456789abcdef0123456789abcdef";
    const text = messages().map((m) => `${custom} ${iso(m.ts).replace("Z", "000").slice(0, 26)} ${m.message}`).join("\n");
    await expectTwoInvocations(text, "orders-api");
  });

  it("console copy (ISO with offset, TAB) and console CSV download", async () => {
    const copy = messages().map((m) => `${new Date(m.ts + 8 * 3600_000).toISOString().replace("Z", "+08:00")}\t${m.message}`).join("\n");
    await expectTwoInvocations(copy);
    const csv = "timestamp,message\n" + messages().map((m) => `${m.ts},"${m.message.replace(/"/g, '""')}\n"`).join("\n") + "\n";
    await expectTwoInvocations(csv);
  });

  it("a message that only quotes a platform word after its first word is an application line", async () => {
    // `X START ...` after a tab: the timestamp must end at the tab, not swallow the `X`
    const quoted = messages()
      .flatMap((m) => [`${iso(m.ts)}\t${m.message}`, `${iso(m.ts)}\tX START RequestId: ${B.replace("a", "f")} Version: $LATEST`, `${iso(m.ts).replace("Z", "000")} Y START RequestId: ${A.replace("1", "9")}`])
      .join("\n");
    const { records } = await parseAll(quoted);
    expect(records.filter((r) => r.kind === "start").map((r) => r.requestId)).toEqual([A, B]);
    await expectTwoInvocations(quoted);
  });

  it("filter-log-events and get-log-events JSON", async () => {
    const filter = { events: messages().map((m, i) => ({ logStreamName: STREAM, timestamp: m.ts, message: m.message + "\n", ingestionTime: m.ts + 5, eventId: String(i) })), searchedLogStreams: [] };
    await expectTwoInvocations(JSON.stringify(filter, null, 2));
    const get = { events: messages().map((m) => ({ timestamp: m.ts, message: m.message + "\n", ingestionTime: m.ts })), nextForwardToken: "f/1", nextBackwardToken: "b/1" };
    await expectTwoInvocations(JSON.stringify(get));
  });

  it("subscription payloads: raw, gzip, base64 of gzip, and as a Lambda event", async () => {
    const raw = JSON.stringify(payload());
    await expectTwoInvocations(raw, "orders-api");
    await expectTwoInvocations(gzipSync(raw), "orders-api");
    await expectTwoInvocations(gzipSync(raw).toString("base64"), "orders-api");
    await expectTwoInvocations(JSON.stringify({ awslogs: { data: gzipSync(raw).toString("base64") } }), "orders-api");
  });

  it("Firehose: gzip of payloads back to back, CONTROL_MESSAGE skipped", async () => {
    const first = { ...payload(), logEvents: payload().logEvents.slice(0, 4) };
    const second = { ...payload(), logEvents: payload().logEvents.slice(4) };
    const control = { ...payload("CONTROL_MESSAGE"), logEvents: [{ id: "c", timestamp: 1, message: report("cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee") }] };
    const body = JSON.stringify(control) + JSON.stringify(second) + JSON.stringify(first);
    const s = await expectTwoInvocations(gzipSync(body), "orders-api");
    expect(s.stats.containers.has("gzip")).toBe(true);
  });

  it("Logs Insights get-query-results rows, with @log naming the group", async () => {
    const rows = messages().map((m) => [
      { field: "@timestamp", value: iso(m.ts).replace("T", " ").replace("Z", "") },
      { field: "@message", value: m.message + "\n" },
      { field: "@logStream", value: STREAM },
      { field: "@log", value: "123456789012:/aws/lambda/orders-api" },
      { field: "@memorySize", value: "536870912" },
    ]);
    await expectTwoInvocations("\uFEFF" + JSON.stringify({ results: rows.reverse(), statistics: {}, status: "Complete" }), "orders-api");
  });

  it("NDJSON of JSON-format platform events", async () => {
    const t = "2024-05-01T00:00:0";
    const lines = [
      { time: `${t}0.000Z`, type: "platform.initStart", record: { initializationType: "on-demand", phase: "init", runtimeVersion: "nodejs:20.v22", functionName: "orders-api" } },
      { time: `${t}1.000Z`, type: "platform.start", record: { requestId: A, version: "$LATEST" } },
      { time: `${t}1.100Z`, type: "platform.report", record: { requestId: A, status: "success", metrics: { durationMs: 100, billedDurationMs: 100, memorySizeMB: 512, maxMemoryUsedMB: 80, initDurationMs: 250.5 } } },
      { time: `${t}2.000Z`, type: "platform.start", record: { requestId: B } },
      { time: `${t}2.050Z`, type: "platform.report", record: { requestId: B, status: "timeout", metrics: { durationMs: 50, billedDurationMs: 50, memorySizeMB: 512, maxMemoryUsedMB: 80 } } },
      { time: `${t}3.000Z`, type: "platform.initReport", record: { initializationType: "on-demand", phase: "init", status: "error", metrics: { durationMs: 9 } } },
    ];
    const s = await summarizeText(lines.map((l) => JSON.stringify(l)).join("\n"));
    const f = only(s);
    expect([f.invocations, f.coldStarts, f.timeouts, f.initFailures, f.durationMs?.max]).toEqual([2, 1, 1, 1, 100]);
  });

  it("JSON-format log lines inside an S3 export", async () => {
    const line = JSON.stringify({ time: "2024-05-01T00:00:01.100Z", type: "platform.report", record: { requestId: A, metrics: { durationMs: 100, billedDurationMs: 100, memorySizeMB: 512, maxMemoryUsedMB: 80 } } });
    const s = await summarizeText(`2024-05-01T00:00:01.100Z ${line}\n2024-05-01T00:00:01.200Z {"timestamp":"x","level":"INFO","requestId":"${A}","message":"é"}\n`);
    expect(only(s).invocations).toBe(1);
  });
});

describe("results do not depend on input order", () => {
  it("shuffled lines of an S3 export give the same summary", async () => {
    const lines = messages().map((m) => `${iso(m.ts)} ${m.message}`);
    const base = await summarizeText(lines.join("\n"), { defaultStream: STREAM });
    const reversed = await summarizeText([...lines].reverse().join("\n"), { defaultStream: STREAM });
    const rotated = await summarizeText([...lines.slice(3), ...lines.slice(0, 3)].join("\n"), { defaultStream: STREAM });
    const strip = (s: typeof base) => s.functions;
    expect(strip(reversed)).toEqual(strip(base));
    expect(strip(rotated)).toEqual(strip(base));
  });

  it("the same request id seen twice counts once", async () => {
    const text = messages().map((m) => `${iso(m.ts)} ${m.message}`).join("\n");
    const s = await summarizeText(text + "\n" + text, { defaultStream: STREAM });
    expect(only(s).invocations).toBe(2);
    expect(only(s).duplicateReports).toBe(2);
    expect(only(s).unusedInits).toBe(0);
  });
});
