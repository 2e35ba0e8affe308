import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { applyRules } from "../../lib/alerts/apply";
import { runAlertsOnce } from "../../lib/alerts/run-once";
import { activeAlerts, alertHistory } from "../../lib/alerts/store/listing";
import { SIGNATURE_HEADER, verifySignature } from "../../lib/alerts/signature";
import { writeSettings } from "../../lib/store/settings";
import { KINDS, useTestStore } from "../store/databases";
import { TEST_CONFIG } from "./config";
import { httpReceiver } from "./receivers";
import { logExport, minute, steady } from "./traffic";

const SECRET = "s3cret-for-the-ops-hook";

describe.each(KINDS)("concurrency alerts on %s", (kind) => {
  const store = useTestStore(kind);
  let hook: Awaited<ReturnType<typeof httpReceiver>>;
  beforeAll(async () => {
    hook = await httpReceiver({ failFirst: 2 });
  });
  afterAll(async () => hook.close());

  // orders-api: reserved concurrency 100; 20 at once for ten minutes, then 85
  const rising = logExport("orders-api", [...steady(0, 10, 20), { minute: minute(10), concurrency: 85 }]);
  // then it falls to 30, below the resolve threshold (70)
  const falling = logExport("orders-api", steady(11, 20, 30));

  it("fires once with the peak and the reserved limit, delivered once after failures, signed", async () => {
    const s = store();
    await s.prisma.lambdaFunction.create({ data: { name: "orders-api", reservedConcurrency: 100 } });
    await applyRules(s.sql, `channels:\n  - name: ops-hook\n    type: webhook\n    url: ${hook.url}\n    secret: ${SECRET}\n`, "rules.yaml", { env: {}, config: TEST_CONFIG, dryRun: false });
    await ingestFile(s, rising);
    const active = await activeAlerts(s.sql);
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ rule: "concurrency near the limit", function: "orders-api", state: "firing", value: 85, limit: 100, threshold: 80, at: new Date(minute(11)).toISOString() });
    expect(active[0].details?.limitSource).toBe("reserved concurrency 100 (Lambda API)");

    const run = await runAlertsOnce(s.sql, TEST_CONFIG, 30_000);
    expect(run).toMatchObject({ delivered: 1, failed: 0, pending: 0, attempts: 3 });
    expect(hook.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const ids = hook.received.map((r) => JSON.parse(r.body).id);
    expect(new Set(ids).size).toBe(1);
    const ok = hook.delivered()[0];
    const body = JSON.parse(ok.body);
    expect(body).toMatchObject({ id: ids[0], rule: "concurrency near the limit", state: "firing", function: "orders-api", value: 85, limit: 100, threshold: 80, at: new Date(minute(11)).toISOString() });
    expect(verifySignature(SECRET, ok.body, String(ok.headers[SIGNATURE_HEADER.toLowerCase()]), Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature("another-secret-entirely", ok.body, String(ok.headers[SIGNATURE_HEADER.toLowerCase()]), Math.floor(Date.now() / 1000))).toBe(false);
    const [event] = await alertHistory(s.sql);
    expect(event.deliveries).toHaveLength(1);
    expect(event.deliveries[0]).toMatchObject({ channel: "ops-hook", status: "delivered", attempts: 3 });
    expect(event.deliveries[0].log.map((a) => [a.attempt, a.ok, a.code])).toEqual([[1, false, 500], [2, false, 500], [3, true, 200]]);
  });

  it("resolves once when later data falls below the resolve threshold", async () => {
    const s = store();
    await ingestFile(s, falling);
    expect(await activeAlerts(s.sql)).toEqual([]);
    const history = await alertHistory(s.sql);
    expect(history.map((h) => [h.state, h.value])).toEqual([["resolved", 30], ["firing", 85]]);
    // the window of 5 minutes still held the 85 until minute 15: resolved at the end of minute 15
    expect(history[0]).toMatchObject({ function: "orders-api", limit: 100, threshold: 70, at: new Date(minute(16)).toISOString() });
    await runAlertsOnce(s.sql, TEST_CONFIG, 30_000);
    expect(hook.delivered().map((r) => JSON.parse(r.body).state)).toEqual(["firing", "resolved"]);
  });

  it("re-ingesting the same files records and sends nothing new", async () => {
    const s = store();
    await ingestFile(s, rising, { force: true });
    await ingestFile(s, falling, { force: true });
    const run = await runAlertsOnce(s.sql, TEST_CONFIG, 5_000);
    expect(run.evaluation.events).toEqual([]);
    expect(run.attempts).toBe(0);
    expect(await alertHistory(s.sql)).toHaveLength(2);
    expect(hook.delivered()).toHaveLength(2);
  });

  it("a region alert from two functions each under their own threshold", async () => {
    const s = store();
    await writeSettings(s.sql, { accountLimits: { "eu-west-1": 100 } });
    for (const name of ["eu-a", "eu-b"]) await s.prisma.lambdaFunction.create({ data: { name, region: "eu-west-1" } });
    await ingestFile(s, logExport("eu-a", [...steady(0, 5, 10), { minute: minute(5), concurrency: 50 }]));
    await ingestFile(s, logExport("eu-b", [...steady(0, 5, 10), { minute: minute(5), concurrency: 45 }]));
    const active = await activeAlerts(s.sql);
    expect(active.filter((a) => a.function?.startsWith("eu-"))).toEqual([]);
    const region = active.filter((a) => a.region === "eu-west-1");
    expect(region).toHaveLength(1);
    expect(region[0]).toMatchObject({ rule: "region concurrency near the limit", state: "firing", value: 95, limit: 100, threshold: 80 });
    expect(region[0].details?.topContributors).toEqual([{ function: "eu-a", peak: 50 }, { function: "eu-b", peak: 45 }]);
    expect(region[0].message).toContain("upper bound");
  });
});
