import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { applyRules } from "../../lib/alerts/apply";
import { evaluateAlerts } from "../../lib/alerts/evaluate";
import { activeAlerts, alertHistory } from "../../lib/alerts/store/listing";
import { muteFunction } from "../../lib/alerts/store/mutes";
import { reportFromStore } from "../../lib/store/report";
import { KINDS, useTestStore } from "../store/databases";
import { TEST_CONFIG } from "./config";
import { httpReceiver } from "./receivers";
import { logExport, minute, steady } from "./traffic";

const RULES = (hook: string) => `
channels:
  - name: hook
    type: webhook
    url: ${hook}
    secret: 0123456789abcdef
rules:
  - { name: concurrency near the limit, kind: concurrency, enabled: false }
  - { name: region concurrency near the limit, kind: region-concurrency, enabled: false }
  - { name: cold starts, kind: cold-start-rate, functions: "cold-*", window: 10m, fire: 0.1, resolve: 0.05, minInvocations: 100 }
  - { name: timeouts, kind: timeouts, functions: slow-fn, window: 10m, fire: 5 }
  - { name: init failures, kind: init-failures, functions: init-fn, window: 10m, fire: 1 }
  - { name: scaling, kind: scaling-rate, functions: "burst-*", limit: 100, fire: 0.8, resolve: 0.5 }
  - { name: long inits, kind: long-inits, functions: java-fn, fire: 2 }
  - { name: budget, kind: spend, functions: "spend-*", total: true, window: 1h, fire: 1, resolve: 0.5 }
  - { name: history, kind: concurrency, functions: hist-fn, limit: 100 }
`;

describe.each(KINDS)("every kind of rule on %s", (kind) => {
  const store = useTestStore(kind);
  let hook: Awaited<ReturnType<typeof httpReceiver>>;
  beforeAll(async () => {
    hook = await httpReceiver();
    const s = store();
    await applyRules(s.sql, RULES(hook.url), "rules.yaml", { env: {}, config: TEST_CONFIG, dryRun: false });
    await muteFunction(s.sql, "cold-muted", Date.now() + 3_600_000, "deploying");
    const files = [
      logExport("cold-fn", steady(0, 10, 20, { cold: 5 })),
      logExport("cold-quiet", steady(0, 10, 2, { cold: 2 })),
      logExport("cold-muted", steady(0, 10, 20, { cold: 5 })),
      logExport("slow-fn", steady(0, 3, 4, { timeouts: 2 })),
      logExport("init-fn", [{ minute: minute(2), concurrency: 5, initFailures: 3 }]),
      logExport("burst-fn", [{ minute: minute(1), concurrency: 120, initStarts: true }]),
      // no INIT_START lines: environments begin at their first invocation
      logExport("burst-noinit", [{ minute: minute(1), concurrency: 90 }]),
      logExport("java-fn", [{ minute: minute(1), concurrency: 4, cold: 3, initMs: 12_000 }]),
      logExport("spend-a", steady(0, 10, 10)),
      logExport("spend-b", steady(0, 10, 10)),
      logExport("hist-fn", [...steady(0, 5, 10), { minute: minute(5), concurrency: 90 }, ...steady(6, 20, 10)]),
    ];
    for (const f of files) await ingestFile(s, f);
  });
  afterAll(async () => hook.close());

  const active = async (rule: string) => (await activeAlerts(store().sql)).filter((a) => a.rule === rule);

  it("cold-start rate fires over the minimum invocations only", async () => {
    const a = await active("cold starts");
    expect(a.map((x) => [x.function, x.value, x.threshold, x.limit])).toEqual(
      expect.arrayContaining([["cold-fn", 0.25, 0.1, null], ["cold-muted", 0.25, 0.1, null]]),
    );
    expect(a.find((x) => x.function === "cold-quiet")).toBeUndefined();
    // it fired at the first window holding the minimum: 5 minutes of 20 invocations
    expect(a.find((x) => x.function === "cold-fn")?.details?.invocations).toBe(100);
  });

  it("a muted function's alert is recorded and shown, not sent", async () => {
    const h = (await alertHistory(store().sql, 100)).find((e) => e.function === "cold-muted")!;
    expect(h.muted).toBe(true);
    expect(h.deliveries).toEqual([]);
    const sent = (await alertHistory(store().sql, 100)).find((e) => e.function === "cold-fn")!;
    expect(sent.deliveries.map((d) => [d.channel, d.status])).toEqual([["hook", "pending"]]);
  });

  it("timeouts, init failures and long inits count events in the window", async () => {
    expect((await active("timeouts")).map((x) => [x.function, x.value, x.threshold])).toEqual([["slow-fn", 6, 5]]);
    expect((await active("init failures")).map((x) => [x.function, x.value, x.threshold])).toEqual([["init-fn", 3, 1]]);
    expect((await active("long inits")).map((x) => [x.function, x.value, x.threshold])).toEqual([["java-fn", 3, 2]]);
  });

  it("the scaling rate counts new environments in 10 s against the limit", async () => {
    expect((await active("scaling")).map((x) => [x.function, x.value, x.limit, x.threshold])).toEqual(
      expect.arrayContaining([["burst-fn", 120, 100, 80], ["burst-noinit", 90, 100, 80]]),
    );
    expect(await active("scaling")).toHaveLength(2);
  });

  it("projected spend sums the matching functions, as report computes it", async () => {
    const [a] = await active("budget");
    expect(a.scope).toBe("total");
    const r = await reportFromStore(store().sql, { since: minute(10) - 3_600_000, until: minute(10) });
    const expected = r.functions.filter((f) => f.name.startsWith("spend-")).reduce((s, f) => s + (f.monthlyCostUsd ?? 0), 0);
    expect(expected).toBeGreaterThan(1);
    // it fired when spend-a alone was stored; the value now has spend-b too
    expect(a.value).toBeLessThan(expected);
    expect(a.currentValue).toBeCloseTo(expected, 6);
  });

  it("an upload of past data fires and resolves at the data times it happened", async () => {
    const events = (await alertHistory(store().sql, 100)).filter((e) => e.rule === "history").reverse();
    expect(events.map((e) => [e.state, e.value, e.at])).toEqual([
      ["firing", 90, new Date(minute(6)).toISOString()],
      ["resolved", 10, new Date(minute(11)).toISOString()],
    ]);
  });

  it("evaluating again changes nothing; disabling a rule resolves its alerts", async () => {
    const s = store();
    expect((await evaluateAlerts(s.sql, { config: TEST_CONFIG })).events).toEqual([]);
    await applyRules(s.sql, "rules:\n  - { name: timeouts, kind: timeouts, functions: slow-fn, window: 10m, fire: 5, enabled: false }\n", "off.yaml", { env: {}, config: TEST_CONFIG, dryRun: false });
    const r = await evaluateAlerts(s.sql, { config: TEST_CONFIG });
    expect(r.events.map((e) => [e.ruleName, e.subject, e.state, e.details.reason])).toEqual([["timeouts", "slow-fn", "resolved", "the rule was disabled"]]);
    expect(await active("timeouts")).toEqual([]);
  });
});
