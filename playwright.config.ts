import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_DATABASE_URL } from "./tests/e2e/e2e-env";

const CHROMIUM = "/usr/bin/chromium";
// Each checkout on one machine can pick its own port, so parallel runs never reuse another's server.
const PORT = Number(process.env.LAMBDALENS_E2E_PORT ?? 3107);

// Browsers come from Debian, never from Playwright's CDN (no internet here).
if (!existsSync(CHROMIUM)) {
  throw new Error(
    `${CHROMIUM} not found. Install Debian's chromium package (apt-get install -y chromium); ` +
      "do not run `npx playwright install`.",
  );
}

export default defineConfig({
  testDir: "tests/e2e",
  // Not test-results/: Playwright empties its outputDir, which would delete vitest's report.
  outputDir: "test-results/e2e-artifacts",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
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
  webServer: {
    command: `node_modules/.bin/next build && node_modules/.bin/next start -H 127.0.0.1 -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    // alerts tests: a database they seed, receivers on 127.0.0.1, a quick delivery loop
    env: { NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: E2E_DATABASE_URL, LAMBDALENS_ALLOW_PRIVATE_TARGETS: "1", LAMBDALENS_ALERTS_POLL: "250ms" },
  },
});
