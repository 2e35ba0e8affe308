import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendThrough } from "../../lib/alerts/channels/send";
import { deliverDue } from "../../lib/alerts/deliver";
import { alertPayload } from "../../lib/alerts/message";
import { enqueueNotifications } from "../../lib/alerts/store/outbox";
import { saveChannel } from "../../lib/alerts/store/channels";
import { addressProblem } from "../../lib/alerts/targets";
import type { StoredChannel } from "../../lib/alerts/store/rows";
import type { AlertEventRecord } from "../../lib/alerts/event";
import { useTestStore } from "../store/databases";
import { TEST_CONFIG } from "./config";
import { httpReceiver, smtpReceiver, until } from "./receivers";

const event: AlertEventRecord = {
  id: 7,
  ruleId: 1,
  ruleName: "concurrency near the limit",
  kind: "concurrency",
  subjectKind: "function",
  subject: "orders-api",
  state: "firing",
  value: 85,
  limit: 100,
  threshold: 80,
  windowMs: 300_000,
  dataMs: Date.UTC(2026, 10, 1, 12, 11),
  createdMs: Date.UTC(2026, 10, 30, 9, 0),
  details: { unit: "concurrent executions", limitSource: "reserved concurrency 100 (Lambda API)", meanDurationMs: 30_000, maxSustainableRps: 3.333 },
  muted: false,
};

describe("channels", () => {
  let slack: Awaited<ReturnType<typeof httpReceiver>>;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  beforeAll(async () => {
    slack = await httpReceiver();
    smtp = await smtpReceiver();
  });
  afterAll(async () => {
    await slack.close();
    await smtp.close();
  });

  it("Slack gets a readable message: function, value against limit, throttle rate, a link", async () => {
    const ch: StoredChannel = { id: 1, name: "slack", type: "slack", enabled: true, config: {}, secret: slack.url, origin: "ui" };
    const body = JSON.stringify(alertPayload(event, "key-1", "https://lens.example.com"));
    expect(await sendThrough(ch, body, TEST_CONFIG)).toEqual({ ok: true, code: 200, error: null });
    const msg = JSON.parse(slack.received[0].body) as { text: string };
    expect(msg.text).toContain("*FIRING* concurrency near the limit — orders-api");
    expect(msg.text).toContain("orders-api: peak concurrency 85 of reserved concurrency 100 (Lambda API) reached the threshold 80 (80%) in the 5m up to 2026-11-01 12:11 UTC.");
    expect(msg.text).toContain("Throttles above *3.3 requests/s* at today's mean duration.");
    expect(msg.text).toContain("<https://lens.example.com/functions/orders-api|Open in lambdalens>");
    expect(JSON.stringify(msg)).toContain("id key-1");
  });

  it("email goes over SMTP with the numbers and the idempotency key", async () => {
    const ch: StoredChannel = {
      id: 2, name: "mail", type: "email", enabled: true, origin: "ui", secret: null,
      config: { host: smtp.host, port: smtp.port, secure: false, user: null, from: "lambdalens@example.com", to: ["oncall@example.com"] },
    };
    const r = await sendThrough(ch, JSON.stringify(alertPayload(event, "key-2", null)), TEST_CONFIG);
    expect(r).toMatchObject({ ok: true, code: 250 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(["oncall@example.com"]);
    expect(smtp.mails[0].raw.replace(/\r?\n /g, " ")).toContain("Subject: [lambdalens] FIRING: concurrency near the limit - orders-api");
    expect(smtp.mails[0].raw).toContain("Value:     85 concurrent executions");
    expect(smtp.mails[0].raw).toContain("Limit:     100");
    expect(smtp.mails[0].raw).toMatch(/^X-Lambdalens-Id: key-2\r?$/im);
    expect(smtp.mails[0].raw).toContain("Notification id: key-2");
  });

  it("refuses loopback, private and metadata targets unless allowed, after resolving names", async () => {
    expect(addressProblem("127.0.0.1", false)).toMatch(/loopback/);
    expect(addressProblem("::1", false)).toMatch(/loopback/);
    expect(addressProblem("::ffff:10.0.0.1", false)).toMatch(/private/);
    expect(addressProblem("fe80::1", false)).toMatch(/link-local/);
    expect(addressProblem("169.254.169.254", true)).toMatch(/metadata/);
    expect(addressProblem("fd00:ec2::254", true)).toMatch(/metadata/);
    expect(addressProblem("127.0.0.1", true)).toBeNull();
    expect(addressProblem("93.184.216.34", false)).toBeNull();
    // a name that resolves to loopback is refused at send time, before any connection
    const before = slack.received.length;
    const ch: StoredChannel = { id: 3, name: "hook", type: "webhook", enabled: true, origin: "ui", secret: "0123456789abcdef", config: { url: slack.url.replace("127.0.0.1", "localhost") } };
    const r = await sendThrough(ch, JSON.stringify(alertPayload(event, "key-3", null)), { ...TEST_CONFIG, allowPrivateTargets: false });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^localhost: (127\.0\.0\.1|::1) is a loopback, link-local or private address/);
    const mail: StoredChannel = { id: 4, name: "mail", type: "email", enabled: true, origin: "ui", secret: null, config: { host: "localhost", port: smtp.port, secure: false, user: null, from: "a@example.com", to: ["b@example.com"] } };
    expect((await sendThrough(mail, JSON.stringify(alertPayload(event, "key-4", null)), { ...TEST_CONFIG, allowPrivateTargets: false })).error).toMatch(/is a loopback/);
    expect(slack.received.length).toBe(before);
    expect(smtp.mails).toHaveLength(1);
  });
});

describe("two delivery loops on PostgreSQL", () => {
  const store = useTestStore("postgres");
  it("never send the same notification twice", async () => {
    const s = store();
    const hook = await httpReceiver();
    try {
      const channelId = await saveChannel(s.sql, { name: "hook", type: "webhook", enabled: true, config: { url: hook.url }, secret: "0123456789abcdef" }, "ui");
      const now = Date.now();
      const list = Array.from({ length: 40 }, (_, i) => ({ key: `k-${i}`, eventId: null, channelId, channelName: "hook", purpose: "test" as const, payload: alertPayload({ ...event, id: i }, `k-${i}`, null) }));
      await enqueueNotifications(s.sql, list, now, 60_000);
      const [a, b] = await Promise.all([deliverDue(s.sql, "loop-a", TEST_CONFIG), deliverDue(s.sql, "loop-b", TEST_CONFIG)]);
      await until(() => hook.received.length >= 40, "40 deliveries");
      const ids = hook.received.map((r) => JSON.parse(r.body).id as string);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      expect(a.delivered + b.delivered).toBe(40);
      // both took part (each claims a few at a time, skipping the other's locked rows)
      expect(a.delivered).toBeGreaterThan(0);
      expect(b.delivered).toBeGreaterThan(0);
    } finally {
      await hook.close();
    }
  });
});
