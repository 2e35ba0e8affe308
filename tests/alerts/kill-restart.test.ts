import { spawn } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { BIN, cli } from "../store/fleet";
import { KINDS, useTestStore } from "../store/databases";
import { TEST_ENV } from "./config";
import { httpReceiver, until } from "./receivers";
import { logExport, minute, steady } from "./traffic";

function cliAsync(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

describe.each(KINDS)("alerts run killed between the state change and the delivery, on %s", (kind) => {
  const store = useTestStore(kind);
  let hook: Awaited<ReturnType<typeof httpReceiver>>;
  beforeAll(async () => {
    // the first delivery is held unanswered: the process is killed while it waits
    hook = await httpReceiver({ hold: 1 });
  });
  afterAll(async () => hook.close());

  it("delivers after a restart, with the same idempotency key", async () => {
    const s = store();
    const env = { ...TEST_ENV, DATABASE_URL: s.target.url, LAMBDALENS_ALERTS_LEASE: "1s", OPS_HOOK_SECRET: "a-secret-of-sixteen-chars" };
    const dir = mkdtempSync(join(tmpdir(), "lambdalens-rules-"));
    // data first, with the rules that would fire on it disabled, so the state change happens in `alerts run`
    // (the region rule stays off: one notification, so the one held is the one killed)
    writeFileSync(join(dir, "off.yaml"), "rules:\n  - { name: concurrency near the limit, kind: concurrency, enabled: false }\n  - { name: region concurrency near the limit, kind: region-concurrency, enabled: false }\n");
    expect(cli(["alerts", "apply", join(dir, "off.yaml")], env).status).toBe(0);
    await ingestFile(s, logExport("payments", [...steady(0, 5, 10), { minute: minute(5), concurrency: 900 }]));
    writeFileSync(
      join(dir, "rules.yaml"),
      "channels:\n  - name: ops-hook\n    type: webhook\n    url: " + hook.url + "\n    secret: ${OPS_HOOK_SECRET}\n" +
        "rules:\n  - name: concurrency near the limit\n    kind: concurrency\n    channels: [ops-hook]\n",
    );
    const applied = cli(["alerts", "apply", join(dir, "rules.yaml")], env);
    expect(applied.stderr).toBe("");
    expect(applied.stdout).toContain("applied 1 channel(s) (ops-hook) and 1 rule(s) (concurrency near the limit)");

    const first = spawn(process.execPath, [BIN, "alerts", "run"], { env: { ...process.env, ...env }, stdio: "ignore" });
    const exited = new Promise<string | null>((r) => first.on("exit", (_code, signal) => r(signal)));
    await until(() => hook.received.length === 1, "the first delivery to reach the receiver");
    const [event] = await s.sql.query<{ id: number; state: string; value: number }>(`SELECT "id", "state", "value" FROM "alert_events"`);
    expect(event).toMatchObject({ state: "firing", value: 900 });
    const [pending] = await s.sql.query<{ status: string }>(`SELECT "status" FROM "alert_notifications"`);
    expect(pending.status).toBe("sending");
    first.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    // not spawnSync: the receiver lives in this process and must answer meanwhile
    const second = await cliAsync(["alerts", "run", "--deliver-timeout", "60s"], env);
    expect(second.stderr).toBe("");
    expect(second.stdout).toContain("alerts: 0 state change(s), 0 notification(s) queued; 1 delivered, 0 failed");
    expect(second.status).toBe(0);
    const delivered = hook.delivered();
    expect(delivered).toHaveLength(1);
    expect(JSON.parse(delivered[0].body).id).toBe(JSON.parse(hook.received[0].body).id);
    expect(JSON.parse(delivered[0].body)).toMatchObject({ state: "firing", function: "payments", value: 900, limit: 1000, threshold: 800 });
    const rows = await s.sql.query<{ status: string; attempts: number }>(`SELECT "status", "attempts" FROM "alert_notifications"`);
    expect(rows).toEqual([{ status: "delivered", attempts: 2 }]);

    const list = cli(["alerts", "list", "--json"], env);
    const { active, history } = JSON.parse(list.stdout);
    expect(active).toMatchObject([{ rule: "concurrency near the limit", function: "payments", state: "firing", value: 900, limit: 1000, threshold: 800, at: new Date(minute(6)).toISOString() }]);
    expect(history).toMatchObject([{ rule: "concurrency near the limit", function: "payments", state: "firing", value: 900, deliveries: [{ channel: "ops-hook", status: "delivered", attempts: 2 }] }]);
    expect(cli(["alerts", "list"], env).stdout).toContain("firing    concurrency near the limit: payments  900 concurrent executions of 1,000 (threshold 800 concurrent executions)");
  });
});
