// Usage: node scripts/test-summary.mjs VITEST_EXIT PLAYWRIGHT_EXIT
// Sums test-results/vitest.json and test-results/playwright.json; the last line printed
// is always "N passed, N failed". Exits 1 if any test failed or a runner did not run cleanly.
import { readFileSync } from "node:fs";

const [vitestRc = "1", playwrightRc = "1"] = process.argv.slice(2);
const problems = [];

function load(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    problems.push(`${file}: ${err.code === "ENOENT" ? "not written" : err.message}`);
    return undefined;
  }
}

const vitest = load("test-results/vitest.json");
const v = {
  passed: vitest?.numPassedTests ?? 0,
  failed: vitest?.numFailedTests ?? 0,
  skipped: (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0),
};
// Files that failed to load (syntax errors, failing imports) hold no tests but are failures.
const brokenFiles = (vitest?.testResults ?? []).filter((f) => f.status === "failed" && f.assertionResults.length === 0);
v.failed += brokenFiles.length;

const playwright = load("test-results/playwright.json");
const s = playwright?.stats ?? {};
const p = {
  // A flaky test failed at first and passed on retry: it counts as passed.
  passed: (s.expected ?? 0) + (s.flaky ?? 0),
  failed: s.unexpected ?? 0,
  skipped: s.skipped ?? 0,
};
// Global errors (web server did not start, config threw) fail the run without failing a test.
p.failed += (playwright?.errors ?? []).length;

// A runner that exits non-zero without reporting a failed test (crash, bad config) counts as one failure.
for (const [name, rc, counts] of [["vitest", vitestRc, v], ["playwright", playwrightRc, p]]) {
  if (rc === "0") continue;
  problems.push(`${name} exited with ${rc}`);
  if (counts.failed === 0) counts.failed = 1;
}

const passed = v.passed + p.passed;
const failed = v.failed + p.failed;
console.log("");
console.log(`vitest ${v.passed} ok / ${v.failed} not ok / ${v.skipped} skipped`);
console.log(`playwright ${p.passed} ok / ${p.failed} not ok / ${p.skipped} skipped`);
for (const problem of problems) console.log(`problem: ${problem}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
