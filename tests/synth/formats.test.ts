import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  formatToBuffer,
  subscriptionFiles,
  subscriptionPayloadTexts,
  subscriptionPayloads,
  synthesize,
  type GroundTruth,
  type OutputFormat,
  type SynthOptions,
  type WriteOptions,
} from "../../lib/synth/index";

const OPTS: SynthOptions = { invocations: 3_000, functions: 12, hours: 6, seed: 4 };
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
const STREAM = "\\d{4}/\\d\\d/\\d\\d/\\[(?:\\$LATEST|\\d+)\\][0-9a-f]{32}";
const ISO_MS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
const REPORT = new RegExp(
  `^REPORT RequestId: ${UUID}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: \\d+ MB\\tMax Memory Used: \\d+ MB\\t` +
    `(Init Duration: \\d+\\.\\d\\d ms\\t)?(Restore Duration: \\d+\\.\\d\\d ms\\tBilled Restore Duration: \\d+ ms\\t)?(Status: timeout\\t)?$`,
);

async function render(
  format: Exclude<OutputFormat, "subscription">,
  options: SynthOptions = OPTS,
  write: WriteOptions = {},
): Promise<{ buf: Buffer; truth: GroundTruth }> {
  const run = synthesize(options);
  const buf = await formatToBuffer(format, run.events(), write);
  return { buf, truth: run.truth() };
}

const lines = (buf: Buffer) => buf.toString().split("\n").slice(0, -1);
/** The items that do not match: asserting this is [] reports the offenders, not just "false". */
const notMatching = (items: string[], re: RegExp) => items.filter((x) => !re.test(x)).slice(0, 5);

/** Splits JSON texts written back to back with no separator. */
function splitConcatenatedJson(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      out.push(JSON.parse(text.slice(start, i + 1)));
      start = i + 1;
    }
  }
  expect(text.slice(start)).toBe("");
  return out;
}

describe("s3 export lines", async () => {
  const { buf, truth } = await render("s3");
  const all = lines(buf);

  it("prefixes every record with an ISO timestamp with ms and Z; only XRAY lines continue a record", () => {
    const xray = all.filter((l) => l.startsWith("XRAY "));
    expect(xray.length).toBeGreaterThan(0);
    expect(notMatching(xray, /^XRAY TraceId: 1-[0-9a-f]{8}-[0-9a-f]{24}\tSegmentId: [0-9a-f]{16}\tSampled: true$/)).toEqual([]);
    expect(notMatching(all.filter((l) => !l.startsWith("XRAY ")), new RegExp(`^${ISO_MS}Z \\S`))).toEqual([]);
  });

  it("holds exactly one REPORT line per invocation, shaped as Lambda writes it", () => {
    const reports = all.filter((l) => /^\S+ REPORT RequestId: /.test(l)).map((l) => l.slice(25));
    expect(reports).toHaveLength(truth.totals.invocations);
    expect(notMatching(reports, REPORT)).toEqual([]);
    expect(reports.filter((r) => r.includes("\tInit Duration: "))).toHaveLength(truth.totals.coldStarts - truth.totals.snapStartRestores);
    expect(reports.filter((r) => r.includes("\tRestore Duration: "))).toHaveLength(truth.totals.snapStartRestores);
    expect(reports.filter((r) => r.includes("\tStatus: timeout\t"))).toHaveLength(truth.totals.timeouts - truth.totals.timeoutLines);
  });

  it("writes START, END, INIT_START, INIT_REPORT, RESTORE_* and Task timed out lines in their real shapes", () => {
    const body = all.filter((l) => !l.startsWith("XRAY ")).map((l) => l.slice(25));
    const starts = body.filter((l) => l.startsWith("START "));
    expect(starts).toHaveLength(truth.totals.invocations);
    expect(notMatching(starts, new RegExp(`^START RequestId: ${UUID} Version: (\\$LATEST|\\d+)$`))).toEqual([]);
    expect(body.filter((l) => new RegExp(`^END RequestId: ${UUID}$`).test(l))).toHaveLength(truth.totals.invocations);
    const inits = body.filter((l) => l.startsWith("INIT_START "));
    expect(inits).toHaveLength(truth.totals.initStarts);
    expect(notMatching(inits, /^INIT_START Runtime Version: [a-z]+:[\d.]+\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/)).toEqual([]);
    const initReports = body.filter((l) => l.startsWith("INIT_REPORT "));
    expect(initReports).toHaveLength(truth.totals.initFailures.timeout + truth.totals.initFailures.error);
    expect(notMatching(initReports, /^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: (timeout|error\tError Type: Runtime\.ExitError)$/)).toEqual([]);
    expect(body.filter((l) => l.startsWith("RESTORE_START Runtime Version: java:21."))).toHaveLength(truth.totals.snapStartRestores);
    expect(body.filter((l) => /^RESTORE_REPORT Restore Duration: \d+\.\d\d ms$/.test(l))).toHaveLength(truth.totals.snapStartRestores);
    const timedOut = body.filter((l) => l.includes(" Task timed out after "));
    expect(timedOut).toHaveLength(truth.totals.timeoutLines);
    expect(notMatching(timedOut, new RegExp(`^${ISO_MS}Z ${UUID} Task timed out after \\d+\\.00 seconds$`))).toEqual([]);
  });

  it("counts INIT_START lines as cold starts + pre-invoke inits + unused inits for each non-SnapStart function", async () => {
    for (const f of Object.values(truth.functions)) {
      const one = await render("s3", { ...OPTS, only: [f.functionName] });
      const text = one.buf.toString();
      const initStarts = (text.match(/^\S+ INIT_START /gm) ?? []).length;
      const reports = (text.match(/^\S+ REPORT RequestId: /gm) ?? []).length;
      expect(reports).toBe(f.invocations);
      if (f.snapStart) expect(initStarts).toBe(0);
      else expect(initStarts).toBe(f.coldStarts + f.preInvokeInits + f.unusedInits);
    }
  });

  it("gzips to the same text with --gzip", async () => {
    const gz = await render("s3", OPTS, { gzip: true });
    expect(gz.buf[0]).toBe(0x1f);
    expect(gunzipSync(gz.buf).equals(buf)).toBe(true);
  });

  it("adds a blank line after each record when asked", async () => {
    const blank = await render("s3", { invocations: 50, functions: 1, seed: 1, extras: false }, { s3: { blankLines: true } });
    const text = blank.buf.toString();
    expect(text.split("\n\n").length - 1).toBe(blank.truth.totals.events);
  });
});

describe("other text containers", () => {
  it("plain: bare messages, one per event (plus XRAY continuation lines)", async () => {
    const { buf, truth } = await render("plain");
    const all = lines(buf);
    expect(all.filter((l) => !l.startsWith("XRAY ")).length).toBe(truth.totals.events);
    expect(all.filter((l) => l.startsWith("REPORT RequestId: "))).toHaveLength(truth.totals.invocations);
  });

  it("sam: <stream> <YYYY-MM-DDTHH:MM:SS.ffffff> <message>, tabs kept", async () => {
    const { buf, truth } = await render("sam");
    const records = lines(buf).filter((l) => !l.startsWith("XRAY "));
    expect(records).toHaveLength(truth.totals.events);
    expect(notMatching(records, new RegExp(`^${STREAM} ${ISO_MS}000 \\S`))).toEqual([]);
    const report = records.find((l) => l.includes(" REPORT "))!;
    expect(report.endsWith("MB\t") || report.endsWith("ms\t") || report.endsWith("timeout\t")).toBe(true);
  });

  it("tail: <ISO µs +00:00> <stream> <message>, trailing white space stripped", async () => {
    const { buf, truth } = await render("tail");
    const all = lines(buf);
    const records = all.filter((l) => !l.startsWith("XRAY "));
    expect(records).toHaveLength(truth.totals.events);
    expect(notMatching(records, new RegExp(`^${ISO_MS}000\\+00:00 ${STREAM} \\S`))).toEqual([]);
    // Only the end of a message is stripped: a REPORT followed by its XRAY line keeps its tab.
    const beforeXray = all.filter((l, i) => all[i + 1]?.startsWith("XRAY "));
    expect(beforeXray.length).toBeGreaterThan(0);
    expect(beforeXray.every((l) => l.endsWith("\t"))).toBe(true);
    expect(all.filter((l, i) => !all[i + 1]?.startsWith("XRAY ") && l !== l.trimEnd())).toEqual([]);
    expect(all.some((l) => l.endsWith("ms") && l.includes(" REPORT "))).toBe(true);
  });

  it("json-log: S3-style lines whose messages are JSON platform records", async () => {
    const { buf, truth } = await render("json-log");
    const records = lines(buf).map((l) => {
      expect(l).toMatch(new RegExp(`^${ISO_MS}Z \\{`));
      return JSON.parse(l.slice(25)) as { type?: string; time?: string; record?: Record<string, any>; requestId?: string };
    });
    const byType = (t: string) => records.filter((r) => r.type === t);
    const reports = byType("platform.report");
    expect(reports).toHaveLength(truth.totals.invocations);
    expect(byType("platform.start")).toHaveLength(truth.totals.invocations);
    expect(byType("platform.initStart")).toHaveLength(truth.totals.initStarts);
    expect(byType("platform.initReport")).toHaveLength(truth.totals.initFailures.timeout + truth.totals.initFailures.error);
    expect(byType("platform.restoreStart")).toHaveLength(truth.totals.snapStartRestores);
    expect(reports.filter((r) => r.record!.metrics.initDurationMs !== undefined)).toHaveLength(truth.totals.coldStarts - truth.totals.snapStartRestores);
    expect(reports.filter((r) => r.record!.metrics.restoreDurationMs !== undefined)).toHaveLength(truth.totals.snapStartRestores);
    expect(reports.filter((r) => r.record!.status === "timeout")).toHaveLength(truth.totals.timeouts);
    const init = byType("platform.initStart")[0]!.record!;
    expect(Object.keys(init)).toEqual([
      "initializationType",
      "phase",
      "runtimeVersion",
      "runtimeVersionArn",
      "functionName",
      "functionVersion",
      "instanceId",
      "instanceMaxMemory",
    ]);
    expect(init.instanceId).toMatch(new RegExp(`^${STREAM}$`));
    const billed = reports.reduce((a, r) => a + r.record!.metrics.billedDurationMs + (r.record!.metrics.billedRestoreDurationMs ?? 0), 0);
    expect(billed).toBe(truth.totals.billedMs);
    expect(records.some((r) => typeof r.requestId === "string" && r.type === undefined)).toBe(true);
  });
});

describe("JSON containers", () => {
  it("filter-json: the filter-log-events document with every event", async () => {
    const { buf, truth } = await render("filter-json");
    const doc = JSON.parse(buf.toString()) as { events: Record<string, unknown>[]; searchedLogStreams: unknown[] };
    expect(Object.keys(doc)).toEqual(["events", "searchedLogStreams"]);
    expect(doc.searchedLogStreams).toEqual([]);
    expect(doc.events).toHaveLength(truth.totals.events);
    const keys = new Set(doc.events.map((e) => Object.keys(e).join(",")));
    expect([...keys]).toEqual(["logStreamName,timestamp,message,ingestionTime,eventId"]);
    const streamRe = new RegExp(`^${STREAM}$`);
    const bad = doc.events.filter(
      (e) =>
        !streamRe.test(e.logStreamName as string) ||
        !(e.message as string).endsWith("\n") ||
        !((e.ingestionTime as number) > (e.timestamp as number)) ||
        !/^\d{56}$/.test(e.eventId as string),
    );
    expect(bad.slice(0, 3)).toEqual([]);
    expect(new Set(doc.events.map((e) => e.eventId)).size).toBe(doc.events.length);
    expect(doc.events.filter((e) => (e.message as string).startsWith("REPORT RequestId: "))).toHaveLength(truth.totals.invocations);
  });

  it("subscription: each file gunzips to one DATA_MESSAGE payload of one log stream", () => {
    const run = synthesize(OPTS);
    const files = [...subscriptionFiles(run.events())];
    const truth = run.truth();
    let events = 0;
    let reports = 0;
    const groups = new Set<string>();
    for (const f of files) {
      expect(f.name).toMatch(/^\d{6}\.json\.gz$/);
      const p = JSON.parse(gunzipSync(f.data).toString()) as Record<string, any>;
      expect(Object.keys(p)).toEqual(["messageType", "owner", "logGroup", "logStream", "subscriptionFilters", "logEvents"]);
      expect(p.messageType).toBe("DATA_MESSAGE");
      expect(p.owner).toBe("123456789012");
      expect(p.logGroup).toMatch(/^\/aws\/lambda\/[a-z-]+$/);
      expect(p.logStream).toMatch(new RegExp(`^${STREAM}$`));
      expect(p.logEvents.length).toBeGreaterThan(0);
      expect(p.logEvents.length).toBeLessThanOrEqual(100);
      expect(p.logEvents.filter((e: any) => Object.keys(e).join(",") !== "id,timestamp,message" || !e.message.endsWith("\n"))).toEqual([]);
      reports += p.logEvents.filter((e: any) => e.message.startsWith("REPORT RequestId: ")).length;
      events += p.logEvents.length;
      groups.add(p.logGroup);
    }
    expect(events).toBe(truth.totals.events);
    expect(reports).toBe(truth.totals.invocations);
    expect(groups.size).toBe(12);
  });

  it("builds payload texts byte for byte as JSON.stringify of the payload objects", () => {
    const objects = [...subscriptionPayloads(synthesize(OPTS).events())].map((p) => JSON.stringify(p));
    const texts = [...subscriptionPayloadTexts(synthesize(OPTS).events())].map((p) => p.text);
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.join("\n")).toBe(objects.join("\n"));
  });

  it("firehose: gzip of a CONTROL_MESSAGE then DATA_MESSAGE payloads back to back", async () => {
    const { buf, truth } = await render("firehose");
    expect(buf[0]).toBe(0x1f);
    const text = gunzipSync(buf).toString();
    expect(text).toMatch(/^\{"messageType":"CONTROL_MESSAGE"/);
    expect(text).toContain('}{"messageType":"DATA_MESSAGE"');
    const payloads = splitConcatenatedJson(text) as { messageType: string; logEvents: { message: string }[] }[];
    expect(payloads[0]!.messageType).toBe("CONTROL_MESSAGE");
    expect(payloads.slice(1).every((p) => p.messageType === "DATA_MESSAGE")).toBe(true);
    const data = payloads.slice(1).flatMap((p) => p.logEvents);
    expect(data).toHaveLength(truth.totals.events);
    expect(data.filter((e) => e.message.startsWith("REPORT RequestId: "))).toHaveLength(truth.totals.invocations);

    const members = await render("firehose", OPTS, { firehoseMultiMember: true });
    expect(members.buf.equals(buf)).toBe(false);
    expect(gunzipSync(members.buf).toString()).toBe(text);
  });
});
