import type { FunctionSummary } from "./summary";
import { describeLimit, type ResolvedLimit } from "./limits";
import { ON_DEMAND_INIT_LIMIT_MS } from "./inits";

export interface Advice {
  level: "ok" | "info" | "warn" | "critical";
  /** a stable id, for tests and anchors */
  id: string;
  text: string;
}

export interface AdviceInput {
  summary: FunctionSummary;
  limit: ResolvedLimit;
  /** the alert threshold, a fraction of the limit */
  threshold: number;
  /** the longest init in the range, including failed ones from INIT_REPORT lines */
  maxInitMs: number | null;
  timeoutSec: number | null;
  codeSizeBytes: number | null;
  /** monthly cost at the suggested memory size, if the function's duration stayed as it is */
  rightsizedMonthlyUsd: number | null;
}

const HEAVY_RUNTIME = /^(java|dotnet)/i;
const LONG_DURATION_MS = 120_000;
const PACKAGE_LIMIT_BYTES = 50 * 1024 * 1024;

const n = (v: number, digits = 0) => v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const seconds = (ms: number) => (ms >= 10_000 ? `${n(ms / 1000, 1)} s` : ms >= 1000 ? `${n(ms / 1000, 2)} s` : `${n(ms, 0)} ms`);
const usd = (v: number) => (v >= 100 ? `$${n(v, 0)}` : v >= 0.01 ? `$${n(v, 2)}` : `$${Number(v.toPrecision(2))}`);
const pct = (v: number) => `${n(v * 100, v < 0.1 ? 1 : 0)}%`;

/** The numbers of a function turned into sentences an engineer can act on, most urgent first. */
export function adviseFunction(a: AdviceInput): Advice[] {
  const s = a.summary;
  const out: Advice[] = [];
  const limit = a.limit.limit;
  if (s.meanDurationMs !== null && s.maxSustainableRps !== null) {
    const share = s.peakConcurrency === null ? null : s.peakConcurrency / limit;
    const level = share === null ? "info" : share >= 1 ? "critical" : share >= a.threshold ? "warn" : "info";
    out.push({
      level,
      id: "throttle-rate",
      text:
        `At today's mean duration of ${seconds(s.meanDurationMs)}, ${s.name} throttles above ${n(s.maxSustainableRps, s.maxSustainableRps < 10 ? 2 : 0)} requests/s ` +
        `(${describeLimit(a.limit)} ÷ mean duration).` +
        (share === null ? "" : ` Its busiest instant had ${n(s.peakConcurrency!)} invocations running at once, ${pct(share)} of the limit.`),
    });
  }
  if (s.meanDurationMs !== null && s.meanDurationMs > LONG_DURATION_MS && s.maxSustainableRps !== null) {
    out.push({
      level: "warn",
      id: "long-duration",
      text:
        `Invocations run ${seconds(s.meanDurationMs)} on average: every request holds an environment that long, so ${n(limit)} concurrency allows only ` +
        `${n(s.maxSustainableRps, 2)} requests/s. A burst queues or throttles long before request rates look high; split the work or raise the limit.`,
    });
  }
  if (a.maxInitMs !== null && a.maxInitMs >= 0.8 * ON_DEMAND_INIT_LIMIT_MS) {
    const over = a.maxInitMs >= ON_DEMAND_INIT_LIMIT_MS;
    out.push({
      level: over ? "critical" : "warn",
      id: "init-limit",
      text: over
        ? `An init took ${seconds(a.maxInitMs)}, over the 10 s on-demand init limit: Lambda stops it and runs init again inside the first invoke, against the function timeout, and bills that time.`
        : `Inits take up to ${seconds(a.maxInitMs)}, near the 10 s on-demand init limit; past it, init is retried inside the first invoke and billed. Move work out of init or use provisioned concurrency.`,
    });
  }
  const heavy = s.runtimes.find((r) => HEAVY_RUNTIME.test(r));
  if (heavy && s.initDurationMs !== null && ((s.initCostShare ?? 0) >= 0.2 || (s.durationMs !== null && s.initDurationMs.p50 > s.durationMs.p50))) {
    out.push({
      level: "warn",
      id: "heavy-runtime",
      text:
        `${heavy} inits take ${seconds(s.initDurationMs.p50)} at the median` +
        (s.durationMs !== null ? `, against ${seconds(s.durationMs.p50)} for an invocation` : "") +
        (s.initCostShare !== null ? `; init is ${pct(s.initCostShare)} of what the invocations cost.` : ".") +
        ` SnapStart or provisioned concurrency takes init off the request path.`,
    });
  }
  if (s.coldStartRate !== null && s.invocations >= 100 && s.coldStartRate > 0.05) {
    out.push({ level: "warn", id: "cold-starts", text: `${pct(s.coldStartRate)} of invocations were cold starts (${n(s.coldStarts)} of ${n(s.invocations)}); under 1% is typical, over 5% is worth fixing.` });
  }
  if (s.timeouts > 0) {
    out.push({
      level: "warn",
      id: "timeouts",
      text: `${n(s.timeouts)} invocation${s.timeouts === 1 ? "" : "s"} timed out${a.timeoutSec !== null ? ` at the ${n(a.timeoutSec)} s timeout` : ""}; each was billed for the whole timeout.`,
    });
  }
  if (s.initFailures > 0) {
    const by = Object.entries(s.initFailuresByStatus).map(([k, v]) => `${n(v)} ${k}`).join(", ");
    out.push({ level: "warn", id: "init-failures", text: `${n(s.initFailures)} init${s.initFailures === 1 ? "" : "s"} failed (${by}); the requests that waited on them failed too.` });
  }
  if (a.codeSizeBytes !== null && a.codeSizeBytes > PACKAGE_LIMIT_BYTES) {
    out.push({
      level: "info",
      id: "package-size",
      text: `The deployment package is ${n(a.codeSizeBytes / 1048576, 1)} MB, over the 50 MB that can be uploaded directly; large packages load slower at every cold start. Trim dependencies or move to a container image.`,
    });
  }
  if (s.suggestedMemoryMB !== null && s.memorySizeMB !== null && s.maxMemoryUsedMB !== null) {
    const saving = s.monthlyCostUsd !== null && a.rightsizedMonthlyUsd !== null ? s.monthlyCostUsd - a.rightsizedMonthlyUsd : null;
    out.push({
      level: "info",
      id: "rightsizing",
      text:
        `It uses at most ${n(s.maxMemoryUsedMB)} of ${n(s.memorySizeMB)} MB. At ${n(s.suggestedMemoryMB)} MB it would cost` +
        (saving !== null && saving > 0 ? ` about ${usd(saving)} a month less` : " less") +
        ` if its duration stayed the same; CPU scales with memory, so measure before you change it.`,
    });
  }
  if (out.length === 0 || out.every((x) => x.level === "info")) {
    out.push({ level: "ok", id: "healthy", text: "Nothing here needs attention: no throttling risk, slow inits, timeouts or init failures in this range." });
  }
  const order = { critical: 0, warn: 1, info: 2, ok: 3 };
  return out.sort((x, y) => order[x.level] - order[y.level]);
}
