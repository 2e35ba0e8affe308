import { HAS_REPORT, type FunctionData } from "./collector";
import { isVirtualStream } from "../parse/message-reader";

/** The on-demand init limit: an init that started longer before its first request did not wait on it. */
export const ON_DEMAND_INIT_LIMIT_MS = 10_000;

export interface InitCounts {
  preInvokeInits: number;
  unusedInits: number;
  initFailures: number;
  initFailuresByStatus: Record<string, number>;
}

/** One execution environment that logged an INIT_START, and how it was first used. */
export interface EnvironmentInits {
  /** The input named no stream: the environment is inferred (see classifyByTime). */
  virtual: boolean;
  inits: number[];
  first: { ts: number; cold: boolean } | null;
}

/** What init classification needs, from raw records (analyze) or the database (report). */
export interface InitInput {
  environments: EnvironmentInits[];
  /** Start times of the cold invocations in inferred environments, for matching by time. */
  virtualColdStarts: number[];
  /** The latest start of any invocation in an inferred environment (-Infinity: none). */
  virtualLastStart: number;
  initReportStatuses: (string | null)[];
}

export function initInputFrom(f: FunctionData): InitInput {
  const virtual = f.streamNames.map(isVirtualStream);
  const hasInit = f.streamNames.map((_, s) => f.initStarts.has(s));
  const first = new Map<number, number>();
  const virtualColdStarts: number[] = [];
  let virtualLastStart = -Infinity;
  for (let i = 0; i < f.n; i++) {
    if (!(f.flags[i] & HAS_REPORT)) continue;
    const s = f.streamOf[i];
    if (!virtual[s] && !hasInit[s]) continue;
    const ts = f.intervalStart(i);
    if (virtual[s] && Number.isFinite(ts)) {
      if (ts > virtualLastStart) virtualLastStart = ts;
      if (isCold(f, i)) virtualColdStarts.push(ts);
    }
    if (!hasInit[s]) continue;
    const cur = first.get(s);
    if (cur === undefined || ts < f.intervalStart(cur)) first.set(s, i);
  }
  const environments: EnvironmentInits[] = [];
  for (const [s, inits] of f.initStarts) {
    const i = first.get(s);
    environments.push({ virtual: virtual[s], inits, first: i === undefined ? null : { ts: f.intervalStart(i), cold: isCold(f, i) } });
  }
  return { environments, virtualColdStarts, virtualLastStart, initReportStatuses: f.initReports.map((r) => r.status) };
}

function isCold(f: FunctionData, i: number): boolean {
  return Number.isFinite(f.init[i]) || Number.isFinite(f.restore[i]);
}

/** How one init was used; `ts` is the INIT_START it is counted at (NaN when the input had no times). */
export interface InitUse {
  ts: number;
  kind: "preInvoke" | "unused" | "onDemand";
}

/**
 * Per execution environment (log stream) with an INIT_START: pre-invoke when its first
 * invocation reports no Init Duration or starts more than 10 s after the latest
 * INIT_START before it; unused when it has no invocation at all.
 */
export function countInits(input: InitInput): InitCounts {
  let preInvokeInits = 0;
  let unusedInits = 0;
  for (const u of classifyInits(input)) {
    if (u.kind === "preInvoke") preInvokeInits++;
    else if (u.kind === "unused") unusedInits++;
  }
  const initFailuresByStatus: Record<string, number> = {};
  let initFailures = 0;
  for (const status of input.initReportStatuses) {
    if (status === null || status === "success") continue;
    initFailuresByStatus[status] = (initFailuresByStatus[status] ?? 0) + 1;
    initFailures++;
  }
  return { preInvokeInits, unusedInits, initFailures, initFailuresByStatus };
}

/** Every environment's init (or, where streams are inferred, every init) and how it was used. */
export function classifyInits(input: InitInput): InitUse[] {
  const real = input.environments.filter((e) => !e.virtual);
  const virtual = input.environments.filter((e) => e.virtual);
  const byTime = virtual.every((e) => e.inits.every(Number.isFinite));
  return [...classifyByStream(real), ...(byTime ? classifyByTime(virtual, input.virtualColdStarts, input.virtualLastStart) : classifyByStream(virtual))];
}

function latestInit(inits: number[], notAfter = Infinity): number {
  let latest = -Infinity;
  for (const t of inits) if (t <= notAfter && t > latest) latest = t;
  return latest;
}

function classifyByStream(envs: EnvironmentInits[]): InitUse[] {
  return envs.map((env) => {
    const last = latestInit(env.inits);
    if (env.first === null) return { ts: Number.isFinite(last) ? last : NaN, kind: "unused" };
    const t0 = env.first.ts;
    const before = latestInit(env.inits, t0);
    const ts = Number.isFinite(before) ? before : Number.isFinite(last) ? last : NaN;
    if (!env.first.cold) return { ts, kind: "preInvoke" };
    return { ts, kind: Number.isFinite(before) && t0 - before > ON_DEMAND_INIT_LIMIT_MS ? "preInvoke" : "onDemand" };
  });
}

/**
 * Inputs that name no stream cannot say which environment served which request, so
 * inits are matched by time: an INIT_START followed within 10 s by an unmatched cold
 * start was on demand; one followed by no invocation at all went unused; the rest were
 * pre-invoke. The result does not depend on the order of the input.
 */
function classifyByTime(envs: EnvironmentInits[], coldStarts: number[], lastStart: number): InitUse[] {
  const inits = envs.flatMap((e) => e.inits).sort((a, b) => a - b);
  const cold = Float64Array.from(coldStarts).sort();
  const out: InitUse[] = [];
  let j = 0;
  for (const t of inits) {
    while (j < cold.length && cold[j] < t) j++;
    if (j < cold.length && cold[j] - t <= ON_DEMAND_INIT_LIMIT_MS) {
      j++;
      out.push({ ts: t, kind: "onDemand" });
      continue;
    }
    out.push({ ts: t, kind: lastStart >= t ? "preInvoke" : "unused" });
  }
  return out;
}
