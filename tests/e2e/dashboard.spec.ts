import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { FIXTURES, keepScreenshot, paintedPixels, parseShown, reportJson, servers } from "./support";

const s = servers().sqlite;
const CHARTS = ["invocations", "concurrency", "duration", "init-duration", "init-histogram", "inits", "cost", "memory"];

test.describe.configure({ mode: "serial" });

test("the fleet page lists every function with the figures report --json gives, for the range in the URL", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "24 h" })).toHaveAttribute("aria-current", "true");
  const api = await (await page.request.get("/api/fleet?range=24h")).json();
  const report = reportJson(s, ["--since", new Date(api.range.since).toISOString(), "--until", new Date(api.range.until).toISOString()]);
  expect(api.functions).toEqual(report.functions);
  for (const f of report.functions) {
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: f.name, exact: true }) });
    await expect(row.getByRole("cell").first()).toHaveText(f.invocations.toLocaleString("en-US"));
  }
  await keepScreenshot(page, "fleet-24h");

  // another range: the URL says it and the figures follow
  await page.getByRole("link", { name: "1 h" }).click();
  await expect(page).toHaveURL(/range=1h/);
  const hour = await (await page.request.get("/api/fleet?range=1h")).json();
  const total = hour.functions.reduce((a: number, f: { invocations: number }) => a + f.invocations, 0);
  expect(total).toBeLessThan(api.functions.reduce((a: number, f: { invocations: number }) => a + f.invocations, 0));
  await expect(page.locator('[data-stat="invocations"] .stat-value')).toHaveText(total.toLocaleString("en-US"));

  // sorting and filtering by name
  await page.getByRole("link", { name: "24 h" }).click();
  await page.getByLabel("Filter functions by name").fill(report.functions[0].name.slice(0, 4));
  await expect(page.getByRole("row")).toHaveCount(1 + report.functions.filter((f) => f.name.includes(report.functions[0].name.slice(0, 4))).length);
});

test("a function page draws every chart, and each table shows report --json's numbers", async ({ page }) => {
  const report = reportJson(s);
  const name = [...report.functions].sort((a, b) => b.invocations - a.invocations)[0].name;
  await page.goto(`/functions/${name}?range=all`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  for (const id of CHARTS) {
    const box = page.locator(`[data-chart-id="${id}"]`);
    if ((await box.getAttribute("data-loading-state")) === "empty") continue;
    expect(await paintedPixels(page, id), id).toBeGreaterThan(2000);
  }
  await keepScreenshot(page, "function-all");
  const f = report.functions.find((x) => x.name === name)!;
  await expect(page.locator('[data-stat="invocations"] .stat-value')).toHaveText(f.invocations.toLocaleString("en-US"));
  await expect(page.locator('[data-stat="pre-invoke"] .stat-value')).toHaveText(f.preInvokeInits.toLocaleString("en-US"));

  const invocations = page.locator("section", { has: page.locator('[data-chart-id="invocations"]') });
  await invocations.getByRole("button", { name: "Show as table" }).click();
  const table = page.locator('[data-chart-table="invocations"]');
  await expect(table).toBeVisible();
  const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
  const total = rows.reduce((a, r) => a + [0, 1, 2].reduce((b, i) => b + (r[i] === "–" ? 0 : Number(r[i].replace(/,/g, ""))), 0), 0);
  expect(total).toBe(f.invocations);
  const cold = rows.reduce((a, r) => a + [1, 2].reduce((b, i) => b + (r[i] === "–" ? 0 : Number(r[i].replace(/,/g, ""))), 0), 0);
  expect(cold).toBe(f.coldStarts);

  const concurrency = page.locator("section", { has: page.locator('[data-chart-id="concurrency"]') });
  await concurrency.getByRole("button", { name: "Show as table" }).click();
  const peaks = await page.locator('[data-chart-table="concurrency"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[0]?.textContent ?? "–"));
  expect(Math.max(...peaks.filter((p) => p !== "–").map(Number))).toBe(f.peakConcurrency);
});

test("uploading an export through the page stores its functions; a bad file says why and changes nothing", async ({ page }) => {
  const before = reportJson(s);
  await page.goto("/upload");
  await page.getByTestId("file-input").setInputFiles(path.join(FIXTURES, "astuyve-blog-ice-cold-starts.log"));
  await expect(page.getByLabel("Function name for astuyve-blog-ice-cold-starts.log")).toHaveValue("astuyve-blog-ice-cold-starts");
  await page.getByRole("button", { name: "Upload and ingest" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stored 10 invocations" })).toBeVisible();
  await keepScreenshot(page, "upload-done");
  await page.getByRole("link", { name: "See the functions →" }).click();
  await page.goto("/?range=all");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "astuyve-blog-ice-cold-starts", exact: true }) });
  await expect(row.getByRole("cell").first()).toHaveText("10");

  const after = reportJson(s);
  const dir = mkdtempSync(path.join(tmpdir(), "lambdalens-e2e-"));
  const bad = path.join(dir, "not-a-log.txt");
  writeFileSync(bad, "just some notes\nnothing from Lambda here\n");
  await page.goto("/upload");
  await page.getByTestId("file-input").setInputFiles(bad);
  await page.getByRole("button", { name: "Upload and ingest" }).click();
  await expect(page.locator("p[role=alert]")).toContainText("not-a-log.txt: no Lambda platform lines");
  await keepScreenshot(page, "upload-bad-file");
  expect(reportJson(s)).toEqual(after);
  expect(after.functions.length).toBe(before.functions.length + 1);
});

test("a function named like HTML is shown as text, never run", async ({ page }) => {
  const xss = "<img src=x onerror=alert(1)>";
  page.on("dialog", () => {
    throw new Error("a dialog opened: the function name ran as HTML");
  });
  const dir = mkdtempSync(path.join(tmpdir(), "lambdalens-e2e-"));
  const file = path.join(dir, "xss.log");
  writeFileSync(file, readFileSync(path.join(FIXTURES, "astuyve-blog-ice-cold-starts.log")));
  await page.goto("/upload");
  await page.getByTestId("file-input").setInputFiles(file);
  await page.getByLabel("Function name for xss.log").fill(xss);
  await page.getByRole("button", { name: "Upload and ingest" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stored" })).toBeVisible();
  await page.goto("/?range=all");
  await expect(page.getByRole("link", { name: xss, exact: true })).toBeVisible();
  await page.getByRole("link", { name: xss, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(xss);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  await keepScreenshot(page, "function-xss-name");
});

test("a price changed in settings changes the cost on every page at once", async ({ page }) => {
  const name = reportJson(s).functions[0].name;
  await page.goto(`/functions/${name}?range=all`);
  const before = parseShown((await page.locator('[data-stat="monthly"] .stat-value').textContent())!);
  await page.goto("/settings");
  await keepScreenshot(page, "settings");
  const x86 = page.getByLabel("x86_64 duration, $ per GB-second (first tier)");
  await x86.fill(String(Number(await x86.inputValue()) * 3));
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await page.goto(`/functions/${name}?range=all`);
  const after = parseShown((await page.locator('[data-stat="monthly"] .stat-value').textContent())!);
  expect(after).toBeGreaterThan(before * 2);
  const f = reportJson(s, ["--function", name]).functions[0];
  expect(after).toBeCloseTo(f.monthlyCostUsd!, 1);
  // put the price back for the other tests
  await page.goto("/settings");
  await x86.fill("0.0000166667");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
});
