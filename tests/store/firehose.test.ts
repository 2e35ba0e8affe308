import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/firehose/route";
import { closeServerStore, serverStore } from "@/lib/store/server-store";
import { reportFromStore } from "@/lib/store/report";
import { FIREHOSE_ACCESS_KEY_ENV } from "@/lib/sources/firehose";
import { PUBLIC_FIXTURES } from "../fixtures";
import { createTestDatabase, KINDS, type TestDatabase } from "./databases";
import { snapshot } from "./snapshot";

const FIELD_FIXTURES = join(PUBLIC_FIXTURES, "..", "field");
const KEY = "a-long-random-access-key-0123456789";

/** Real subscription payloads, each as Firehose carries one: base64 of gzip of the JSON. */
const PAYLOADS = [
  "awsdocs-lambda-developer-guide-subscription-payload.json",
  "datadog-serverless-functions-subscription-payload-xray.json",
  "newrelic-aws-log-ingestion-subscription-payload-oom.json",
  "newrelic-aws-log-ingestion-subscription-payload-timeout.json",
].map((f) => gzipSync(readFileSync(join(PUBLIC_FIXTURES, f))).toString("base64"));
// already base64 of gzip, as a subscription filter delivers it (JSON log format)
PAYLOADS.push(readFileSync(join(FIELD_FIXTURES, "brontoio-subscription-payload-jsonformat.b64"), "utf8").replace(/\s+/g, ""));
const CONTROL = gzipSync(
  JSON.stringify({ messageType: "CONTROL_MESSAGE", owner: "CloudwatchLogs", logGroup: "", logStream: "", subscriptionFilters: [], logEvents: [{ id: "", timestamp: 1, message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }] }),
).toString("base64");

/** Function → invocations the five payloads hold (EXPECTED.json: one each; both New Relic ones report the same request, counted once). */
const WANT = { "echo-nodejs": 1, "hello-dog-node-dev-hello12x": 1, ingestionMonitorFunction: 1, "sam-node-test-dev-triggered": 1 };

function delivery(requestId: string, records: string[], { key = KEY, gzip = false }: { key?: string | null; gzip?: boolean } = {}): Request {
  const json = JSON.stringify({ requestId, timestamp: 1_700_000_000_000, records: records.map((data) => ({ data })) });
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-amz-firehose-protocol-version": "1.0",
    "x-amz-firehose-request-id": requestId,
    "x-amz-firehose-source-arn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/lambdalens",
  };
  if (key !== null) headers["x-amz-firehose-access-key"] = key;
  if (gzip) headers["content-encoding"] = "gzip";
  return new Request("http://localhost/api/firehose", { method: "POST", headers, body: gzip ? gzipSync(json) : json });
}

async function answer(r: Response) {
  return { status: r.status, type: r.headers.get("content-type"), body: (await r.json()) as { requestId: string; timestamp: number; errorMessage?: string } };
}

describe.each(KINDS)("POST /api/firehose into %s", (kind) => {
  let db: TestDatabase;
  const saved = { url: process.env.DATABASE_URL, key: process.env[FIREHOSE_ACCESS_KEY_ENV] };
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    process.env.DATABASE_URL = db.url;
    process.env[FIREHOSE_ACCESS_KEY_ENV] = KEY;
  });
  afterAll(async () => {
    // the route's store is one per process: close it so the next database gets its own
    await closeServerStore();
    process.env.DATABASE_URL = saved.url;
    process.env[FIREHOSE_ACCESS_KEY_ENV] = saved.key;
    await db.drop();
  });

  const invocationsByFunction = async () => {
    const r = await reportFromStore((await serverStore()).sql, { since: null, until: null });
    return Object.fromEntries(r.functions.map((f) => [f.name, f.invocations]));
  };

  it("stores real subscription payloads (gzipped body, a control message among them) and answers with the request id", async () => {
    const r = await answer(await POST(delivery("req-1", [CONTROL, ...PAYLOADS], { gzip: true })));
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.body).toEqual({ requestId: "req-1", timestamp: expect.any(Number) });
    expect(await invocationsByFunction()).toEqual(WANT);
  });

  it("a repeated delivery (Firehose retries with the same records) doubles nothing", async () => {
    const before = await snapshot((await serverStore()).sql);
    const r = await answer(await POST(delivery("req-1", [CONTROL, ...PAYLOADS])));
    expect(r.status).toBe(200);
    expect(await snapshot((await serverStore()).sql)).toEqual(before);
    expect(await invocationsByFunction()).toEqual(WANT);
  });

  it("a wrong or missing access key: 401 in the Firehose error shape, nothing read", async () => {
    const other = gzipSync(readFileSync(join(PUBLIC_FIXTURES, "datadog-serverless-functions-subscription-payload-coldstart.json"))).toString("base64");
    for (const key of ["wrong", null]) {
      const r = await answer(await POST(delivery("req-2", [other], { key })));
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ requestId: "req-2", timestamp: expect.any(Number), errorMessage: expect.stringMatching(/X-Amz-Firehose-Access-Key/) });
    }
    expect(await invocationsByFunction()).toEqual(WANT);
  });

  it("a malformed body: 400 in the Firehose error shape", async () => {
    const cases: [Request, RegExp][] = [
      [new Request("http://localhost/api/firehose", { method: "POST", headers: { "x-amz-firehose-access-key": KEY, "x-amz-firehose-request-id": "req-3" }, body: "{not json" }), /not JSON/],
      [new Request("http://localhost/api/firehose", { method: "POST", headers: { "x-amz-firehose-access-key": KEY, "x-amz-firehose-request-id": "req-3" }, body: '{"requestId":"req-3","records":"no"}' }), /not a Firehose delivery/],
      [new Request("http://localhost/api/firehose", { method: "POST", headers: { "x-amz-firehose-access-key": KEY, "x-amz-firehose-request-id": "req-3", "content-encoding": "gzip" }, body: "not gzip" }), /not valid gzip/],
    ];
    for (const [request, message] of cases) {
      const r = await answer(await POST(request));
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ requestId: "req-3", timestamp: expect.any(Number), errorMessage: expect.stringMatching(message) });
    }
  });

  it("records that are not subscription payloads: the others are stored, and 400 names them so Firehose keeps them (S3 backup)", async () => {
    const other = gzipSync(readFileSync(join(PUBLIC_FIXTURES, "datadog-serverless-functions-subscription-payload-timeout.json"))).toString("base64");
    const r = await answer(await POST(delivery("req-4", [Buffer.from("plain text line").toString("base64"), other])));
    expect(r.status).toBe(400);
    expect(r.body.errorMessage).toMatch(/^1 record\(s\) are not CloudWatch Logs subscription payloads \(record 0: not base64 of \(gzipped\) JSON\); the others were stored/);
    expect(Object.keys(await invocationsByFunction())).toHaveLength(Object.keys(WANT).length + 1);
  });

  it("a body that inflates past the limit: 413", async () => {
    const bomb = gzipSync(Buffer.alloc(65 * 1024 * 1024));
    const request = new Request("http://localhost/api/firehose", { method: "POST", headers: { "x-amz-firehose-access-key": KEY, "x-amz-firehose-request-id": "req-5", "content-encoding": "gzip" }, body: bomb });
    const r = await answer(await POST(request));
    expect(r.status).toBe(413);
    expect(r.body.errorMessage).toMatch(/larger than 67108864 bytes; lower the delivery stream's buffer size/);
  });

  it("without a configured access key the endpoint is off: 503 saying how to turn it on", async () => {
    delete process.env[FIREHOSE_ACCESS_KEY_ENV];
    try {
      const r = await answer(await POST(delivery("req-6", PAYLOADS)));
      expect(r.status).toBe(503);
      expect(r.body.errorMessage).toMatch(/set LAMBDALENS_FIREHOSE_ACCESS_KEY/);
    } finally {
      process.env[FIREHOSE_ACCESS_KEY_ENV] = KEY;
    }
  });
});
