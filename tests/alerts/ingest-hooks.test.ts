import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCloudwatch } from "../../lib/pipeline/ingest-cloudwatch";
import { RateLimiter } from "../../lib/sources/cloudwatch";
import { enqueue } from "../../lib/jobs/queue";
import { runWorker } from "../../lib/jobs/worker";
import { activeAlerts } from "../../lib/alerts/store/listing";
import { FakeAws } from "../fakes/aws-endpoint";
import { KINDS, useTestStore } from "../store/databases";
import { logEvents, logExport, minute, steady } from "./traffic";

const burst = [...steady(0, 5, 10), { minute: minute(5), concurrency: 90 }];

describe.each(KINDS)("rules are evaluated after every kind of ingest, on %s", (kind) => {
  const store = useTestStore(kind);
  let fake: FakeAws;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    fake = new FakeAws({ pageSize: 500 });
    server = await fake.start();
  });
  afterAll(async () => server.close());

  it("after a CloudWatch pass, with the reserved concurrency the Lambda API gave", async () => {
    const byStream = new Map<string, { timestamp: number; message: string }[]>();
    for (const e of logEvents("cw-orders", burst)) byStream.set(e.logStreamName, [...(byStream.get(e.logStreamName) ?? []), { timestamp: e.timestamp, message: e.message }]);
    for (const [stream, events] of byStream) fake.addEvents("/aws/lambda/cw-orders", stream, events);
    fake.setFunction("cw-orders", { reservedConcurrency: 100 });
    await ingestCloudwatch(store(), { region: "us-east-1", endpoint: server.url, credentials: { accessKeyId: "test", secretAccessKey: "test" }, rateLimiter: new RateLimiter(2000), retryBaseMs: 2, since: 0 });
    expect((await activeAlerts(store().sql)).map((a) => [a.function, a.value, a.limit, a.details?.limitSource])).toEqual([["cw-orders", 90, 100, "reserved concurrency 100 (Lambda API)"]]);
  });

  it("after a worker's job", async () => {
    const s = store();
    await s.prisma.lambdaFunction.create({ data: { name: "job-orders", reservedConcurrency: 100 } });
    await enqueue(s.sql, [{ kind: "file", path: logExport("job-orders", burst) }]);
    expect(await runWorker(s, { exitWhenIdle: true })).toBe(1);
    expect((await activeAlerts(s.sql, { function: "job-orders" })).map((a) => [a.value, a.limit])).toEqual([[90, 100]]);
  });
});
