import { describe, expect, it } from "vitest";
import { queueTestNotification } from "../../lib/alerts/deliver";
import { runAlertsOnce } from "../../lib/alerts/run-once";
import { saveChannel } from "../../lib/alerts/store/channels";
import { testDeliveries } from "../../lib/alerts/store/listing";
import { KINDS, useTestStore } from "../store/databases";
import { TEST_CONFIG } from "./config";
import { httpReceiver } from "./receivers";

describe.each(KINDS)("delivery that keeps failing, on %s", (kind) => {
  const store = useTestStore(kind);

  it("is retried with backoff until its deadline, then marked failed with every attempt kept", async () => {
    const s = store();
    const hook = await httpReceiver({ failFirst: Number.MAX_SAFE_INTEGER });
    try {
      const config = { ...TEST_CONFIG, retryForMs: 300 };
      const id = await saveChannel(s.sql, { name: "down", type: "webhook", enabled: true, config: { url: hook.url }, secret: "0123456789abcdef" }, "ui");
      await queueTestNotification(s.sql, { id, name: "down" }, config);
      const r = await runAlertsOnce(s.sql, config, 30_000);
      expect(r).toMatchObject({ failed: 1, delivered: 0, pending: 0 });
      const [t] = await testDeliveries(s.sql);
      expect(t).toMatchObject({ channel: "down", status: "failed", lastError: "HTTP 500: try later" });
      expect(t.attempts).toBeGreaterThanOrEqual(2);
      expect(t.log).toHaveLength(t.attempts);
      expect(t.log.every((a) => !a.ok && a.code === 500)).toBe(true);
      expect(hook.received).toHaveLength(t.attempts);
      expect(new Set(hook.received.map((x) => JSON.parse(x.body).id)).size).toBe(1);
    } finally {
      await hook.close();
    }
  });
});
