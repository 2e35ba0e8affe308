import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { BIN } from "../store/fleet";
import { httpReceiver } from "../alerts/receivers";
import { logExport, minute, steady } from "../alerts/traffic";
import { SIGNATURE_HEADER, verifySignature } from "../../lib/alerts/signature";
import { E2E_DATABASE_URL } from "./e2e-env";

// names of this run: the server's database outlives a run when the server is reused
const run = Date.now().toString(36);
const fn = `e2e-orders-${run}`;
const hookName = `e2e-hook-${run}`;
const rule = `e2e concurrency ${run}`;
const SECRET = "e2e-webhook-secret-0123456789";

function lambdalens(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL, LAMBDALENS_ALLOW_PRIVATE_TARGETS: "1" } });
  if (r.status !== 0) throw new Error(`lambdalens ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

let hook: Awaited<ReturnType<typeof httpReceiver>>;

test.beforeAll(async () => {
  hook = await httpReceiver();
  const dir = mkdtempSync(join(tmpdir(), "lambdalens-e2e-rules-"));
  writeFileSync(
    join(dir, "rules.yaml"),
    `channels:
  - { name: ${hookName}, type: webhook, url: "${hook.url}", secret: ${SECRET} }
rules:
  - { name: concurrency near the limit, kind: concurrency, enabled: false }
  - { name: region concurrency near the limit, kind: region-concurrency, enabled: false }
  - { name: ${rule}, kind: concurrency, functions: ${fn}, limit: 100, channels: [${hookName}] }
`,
  );
  lambdalens(["alerts", "apply", join(dir, "rules.yaml")]);
  // 20 at once for ten minutes, then 85 against a limit of 100: the rule fires at the ingest
  lambdalens(["ingest", "--no-progress", logExport(fn, [...steady(0, 10, 20), { minute: minute(10), concurrency: 85 }])]);
});

test.afterAll(async () => hook.close());

test("the alert shows on the alerts page with its numbers, delivered, and can be acknowledged", async ({ page }, info) => {
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  const card = page.getByRole("listitem").filter({ hasText: rule }).filter({ has: page.getByRole("link", { name: fn }) }).first();
  await expect(card).toContainText("85 of 100 concurrent executions");
  await expect(card).toContainText("threshold 80 concurrent executions");
  await expect(card).toContainText("Since 2026-11-01 12:11 UTC");
  // the server's delivery loop sends it; the history says so once it has
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: rule }).first()).toContainText(`${hookName}: delivered after 1 attempt`, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const sent = hook.delivered().map((r) => JSON.parse(r.body));
  expect(sent.filter((b) => b.rule === rule)).toMatchObject([{ state: "firing", function: fn, value: 85, limit: 100, threshold: 80 }]);

  for (const [width, height] of [[1280, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: info.outputPath(`alerts-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await card.getByRole("button", { name: "Acknowledge" }).click();
  await expect(card).toContainText("acknowledged");
  await expect(card.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
});

test("the function's page shows its active alert", async ({ page }) => {
  await page.goto(`/functions/${fn}?range=all`);
  const box = page.getByRole("region", { name: "Active alerts" });
  await expect(box).toContainText(rule);
  await expect(box).toContainText("85 of 100 concurrent executions");
  await expect(box.getByRole("link", { name: "All alerts" })).toHaveAttribute("href", "/alerts");
  await page.goto("/?range=all");
  await expect(page.getByRole("status").filter({ hasText: "alert" })).toContainText(fn);
});

test("a test notification from the page reaches the receiver, signed", async ({ page }) => {
  await page.goto("/alerts");
  const before = hook.received.length;
  await page.getByRole("button", { name: `Send test notification to ${hookName}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Delivered to ${hookName}` })).toBeVisible({ timeout: 30_000 });
  const got = hook.received.slice(before).filter((r) => r.status === 200);
  expect(got).toHaveLength(1);
  expect(JSON.parse(got[0].body)).toMatchObject({ state: "test", test: true, rule: "test notification" });
  expect(verifySignature(SECRET, got[0].body, String(got[0].headers[SIGNATURE_HEADER.toLowerCase()]), Math.floor(Date.now() / 1000))).toBe(true);
});

test("channels show their secret masked; a bad channel is refused with the field named", async ({ page }) => {
  await page.goto("/alerts");
  const channel = page.getByRole("listitem", { name: `Channel ${hookName}` });
  await expect(channel).toContainText(`secret ••••${SECRET.slice(-4)}`);
  expect(await page.content()).not.toContain(SECRET);

  await page.getByText("Add a channel").click();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add channel" }) });
  await form.getByLabel("Name", { exact: true }).fill(`bad-${run}`);
  await form.getByLabel("URL").fill("http://169.254.169.254/latest/meta-data");
  await form.getByLabel("Signing secret").fill("a-long-enough-secret-value");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(form.getByRole("alert")).toHaveText("url: 169.254.169.254 is a cloud metadata address");
  await expect(page.getByRole("listitem", { name: `Channel bad-${run}` })).toHaveCount(0);
});

test("the API refuses bad input naming the field, and unknown ids with 404", async ({ request }) => {
  const bad = await request.post("/api/alerts/rules", { data: { name: `r-${run}`, kind: "concurrency", fire: 0.5, resolve: 0.9 } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ error: "resolve: must be below fire (0.5) so an alert does not flap, got 0.9" });
  const kind = await request.post("/api/alerts/rules", { data: { name: `r-${run}`, kind: "latency" } });
  expect(kind.status()).toBe(400);
  expect((await kind.json()).error).toMatch(/^kind: Invalid enum value/);
  expect((await request.put("/api/alerts/rules/999999", { data: { name: "x", kind: "timeouts" } })).status()).toBe(404);
  expect((await request.delete("/api/alerts/channels/999999")).status()).toBe(404);
  expect((await request.post("/api/alerts/active/999999/acknowledge", { data: {} })).status()).toBe(404);
  const mute = await request.post("/api/alerts/mutes", { data: { function: fn, for: "soon" } });
  expect(mute.status()).toBe(400);
  expect((await mute.json()).error).toBe("for: expected a duration of at least 1m, like 30m, 4h or 1d");
  const overview = await (await request.get("/api/alerts")).json();
  expect(JSON.stringify(overview)).not.toContain(SECRET);
  expect(overview.channels.find((c: { name: string }) => c.name === hookName)).toMatchObject({ type: "webhook", secret: `••••${SECRET.slice(-4)}` });
});

test("mute a function from its alert, unmute it, and add a rule with the editor", async ({ page }) => {
  await page.goto("/alerts");
  const card = page.getByRole("listitem").filter({ hasText: rule }).filter({ has: page.getByRole("link", { name: fn }) }).first();
  await card.getByRole("button", { name: "Mute for 1 hour" }).click();
  const mutes = page.getByRole("region", { name: "Muted functions" });
  await expect(mutes.getByRole("listitem").filter({ hasText: fn })).toBeVisible();
  await expect(card).toContainText("muted");
  await mutes.getByRole("listitem").filter({ hasText: fn }).getByRole("button", { name: "Unmute" }).click();
  await expect(mutes.getByRole("listitem").filter({ hasText: fn })).toHaveCount(0);

  const rules = page.getByRole("region", { name: "Rules" });
  await rules.getByText("Add a rule", { exact: true }).click();
  const form = rules.locator("form").filter({ has: page.getByRole("button", { name: "Add rule" }) });
  await form.getByLabel("Name", { exact: true }).fill(`timeouts ${run}`);
  await form.getByLabel("Kind").selectOption("timeouts");
  await form.getByLabel("Functions (name or glob)").fill(fn);
  await form.getByLabel("Fire at").fill("3");
  await form.getByRole("button", { name: "Add rule" }).click();
  const row = rules.getByRole("row").filter({ hasText: `timeouts ${run}` });
  await expect(row).toContainText("3 timeouts / 0 timeouts");
  await expect(row).toContainText("1h");
});
