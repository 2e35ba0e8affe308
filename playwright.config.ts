import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const CHROMIUM = "/usr/bin/chromium";
// Each checkout on one machine can pick its own ports, so parallel runs never reuse another's servers.
const PORT = Number(process.env.LAMBDALENS_E2E_PORT ?? 3107);

// Browsers come from Debian, never from Playwright's CDN (no internet here).
if (!existsSync(CHROMIUM)) {
  throw new Error(
    `${CHROMIUM} not found. Install Debian's chromium package (apt-get install -y chromium); ` +
      "do not run `npx playwright install`.",
  );
}

/** The dashboards the browser tests run against, each on its own fresh database (scripts/e2e-server.mjs). */
const sqliteFile = (name: string) => path.resolve(`test-results/e2e/${name}-${PORT}.db`);
export const SERVERS = {
  sqlite: { url: `http://127.0.0.1:${PORT}`, db: sqliteFile("dashboard"), empty: false, env: {} },
  postgres: { url: `http://127.0.0.1:${PORT + 1}`, db: `postgresql://postgres@127.0.0.1:5432/lambdalens_e2e_${PORT}`, empty: false, env: {} },
  // starts empty: the first page a new user sees
  locked: { url: `http://127.0.0.1:${PORT + 2}`, db: sqliteFile("locked"), empty: true, env: { LAMBDALENS_PASSWORD: "e2e-password", LAMBDALENS_API_TOKEN: "e2e-api-token-0123456789", LAMBDALENS_UPLOAD_MAX_BYTES: "1000000" } },
};
process.env.LAMBDALENS_E2E_SERVERS = JSON.stringify(SERVERS);

export default defineConfig({
  testDir: "tests/e2e",
  // Not test-results/: Playwright empties its outputDir, which would delete vitest's report.
  outputDir: "test-results/e2e-artifacts",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: SERVERS.sqlite.url,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: CHROMIUM,
          // Without the networking flags Chromium keeps dialing Google services that this network refuses.
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-quic",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: Object.values(SERVERS).map((s) => ({
    command: `node scripts/e2e-server.mjs ${s.db} ${new URL(s.url).port}${s.empty ? " --empty" : ""}`,
    url: `${s.url}/login`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    // receivers of the alerts tests listen on 127.0.0.1; a quick delivery loop
    env: { NEXT_TELEMETRY_DISABLED: "1", LAMBDALENS_ALLOW_PRIVATE_TARGETS: "1", LAMBDALENS_ALERTS_POLL: "250ms", ...s.env },
  })),
});
