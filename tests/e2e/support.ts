import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import type { FleetSummary } from "../../lib/metrics/summary";

export interface Server {
  url: string;
  db: string;
  env: Record<string, string>;
}

/** The dashboards playwright.config.ts started, each on its own database. */
export function servers(): Record<"sqlite" | "postgres" | "locked", Server> {
  return JSON.parse(process.env.LAMBDALENS_E2E_SERVERS!);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** `lambdalens ARGS` on a server's database, as a user would run it beside the dashboard. */
export function cli(server: Server, args: string[]): string {
  return execFileSync(process.execPath, [path.join(ROOT, "bin", "lambdalens.js"), ...args], { env: { ...process.env, DATABASE_URL: server.db }, encoding: "utf8", maxBuffer: 64 << 20 });
}

export function reportJson(server: Server, args: string[] = []): FleetSummary {
  return JSON.parse(cli(server, ["report", "--json", ...args]));
}

/** Painted pixels of a chart's canvas: a chart that drew has many, an empty canvas none. */
export async function paintedPixels(page: Page, chartId: string): Promise<number> {
  const box = page.locator(`[data-chart-id="${chartId}"]`);
  await expect(box).toHaveAttribute("data-loading-state", "drawn");
  return box.locator("canvas").evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
}

/** A full-page screenshot kept with the test artifacts (test-results/e2e-artifacts/screens). */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(ROOT, "test-results", "e2e-artifacts", "screens");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** A number as a page prints it ("17,263", "0.17%") back to a number. */
export function parseShown(text: string): number {
  return Number(text.replace(/[^0-9.\-]/g, ""));
}

export const FIXTURES = path.resolve(ROOT, "../shared/fixtures/public");
