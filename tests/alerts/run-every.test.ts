import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRules } from "../../lib/alerts/apply";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { BIN } from "../store/fleet";
import { useTestStore } from "../store/databases";
import { TEST_CONFIG, TEST_ENV } from "./config";
import { httpReceiver, until } from "./receivers";
import { logExport, minute, steady } from "./traffic";

describe("alerts run --every", () => {
  const store = useTestStore("sqlite");
  let hook: Awaited<ReturnType<typeof httpReceiver>>;
  beforeAll(async () => {
    hook = await httpReceiver();
  });
  afterAll(async () => hook.close());

  it("evaluates on its schedule and delivers until stopped", async () => {
    const s = store();
    const off = "rules:\n  - { name: concurrency near the limit, kind: concurrency, enabled: false }\n  - { name: region concurrency near the limit, kind: region-concurrency, enabled: false }\n";
    await applyRules(s.sql, off, "off.yaml", { env: {}, config: TEST_CONFIG, dryRun: false });
    await ingestFile(s, logExport("sched-fn", [...steady(0, 5, 10), { minute: minute(5), concurrency: 950 }]));
    const child = spawn(process.execPath, [BIN, "alerts", "run", "--every", "1s"], { env: { ...process.env, ...TEST_ENV, DATABASE_URL: s.target.url }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      await until(() => stderr.includes("delivering continuously"), "the loop to start");
      // the rule is turned on behind the loop's back: its next evaluation finds the alert
      await applyRules(s.sql, `channels:\n  - { name: hook, type: webhook, url: "${hook.url}", secret: 0123456789abcdef }\nrules:\n  - { name: concurrency near the limit, kind: concurrency }\n`, "on.yaml", {
        env: {},
        config: TEST_CONFIG,
        dryRun: false,
      });
      await until(() => hook.delivered().length === 1, "the alert to be delivered");
      expect(JSON.parse(hook.delivered()[0].body)).toMatchObject({ state: "firing", function: "sched-fn", value: 950, limit: 1000 });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain("alerts: 1 state change(s), 1 notification(s) queued");
  });
});
