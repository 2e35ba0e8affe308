// Screenshots of dashboard pages at 1280 and 390 px wide, once every chart has drawn:
//   node scripts/screenshots.mjs http://127.0.0.1:3000 OUT_DIR /path?query [/other ...]
import { chromium } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, out, ...paths] = process.argv.slice(2);
if (!base || !out || paths.length === 0) {
  console.error("usage: node scripts/screenshots.mjs BASE_URL OUT_DIR PATH...");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
});
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const p of paths) {
      await page.goto(base + p);
      await page.waitForFunction(() => [...document.querySelectorAll("[data-chart-id]")].every((e) => e.getAttribute("data-loading-state") !== "loading"), null, { timeout: 60_000 });
      const stem = (p.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home") + `-${width}`;
      await page.screenshot({ path: join(out, `${stem}.png`), fullPage: true });
      await page.screenshot({ path: join(out, `${stem}-top.png`) });
      const charts = page.locator(".charts");
      if (await charts.count()) await charts.screenshot({ path: join(out, `${stem}-charts.png`) });
      console.log(join(out, stem));
    }
    await page.close();
  }
} finally {
  await browser.close();
}
