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

/**
 * Per execution environment (log stream) with an INIT_START: pre-invoke when its first
 * invocation reports no Init Duration or starts more than 10 s after the latest
 * INIT_START before it; unused when it has no invocation at all.
 */
export function countInits(input: InitInput): InitCounts {
  const real = input.environments.filter((e) => !e.virtual);
  const virtual = input.environments.filter((e) => e.virtual);
  const a = classifyByStream(real);
  const b = virtual.every((e) => e.inits.every(Number.isFinite)) ? classifyByTime(virtual, input.virtualColdStarts, input.virtualLastStart) : classifyByStream(virtual);
  const initFailuresByStatus: Record<string, number> = {};
  let initFailures = 0;
  for (const status of input.initReportStatuses) {
    if (status === null || status === "success") continue;
    initFailuresByStatus[status] = (initFailuresByStatus[status] ?? 0) + 1;
    initFailures++;
  }
  return { preInvokeInits: a.preInvoke + b.preInvoke, unusedInits: a.unused + b.unused, initFailures, initFailuresByStatus };
}

interface Classified {
  preInvoke: number;
  unused: number;
}

function classifyByStream(envs: EnvironmentInits[]): Classified {
  const out: Classified = { preInvoke: 0, unused: 0 };
  for (const env of envs) {
    if (env.first === null) {
      out.unused++;
      continue;
    }
    if (!env.first.cold) {
      out.preInvoke++;
      continue;
    }
    const t0 = env.first.ts;
    let latest = -Infinity;
    for (const t of env.inits) if (t <= t0 && t > latest) latest = t;
    if (Number.isFinite(latest) && t0 - latest > ON_DEMAND_INIT_LIMIT_MS) out.preInvoke++;
  }
  return out;
}

/**
 * Inputs that name no stream cannot say which environment served which request, so
 * inits are matched by time: an INIT_START followed within 10 s by an unmatched cold
 * start was on demand; one followed by no invocation at all went unused; the rest were
 * pre-invoke. The result does not depend on the order of the input.
 */
function classifyByTime(envs: EnvironmentInits[], coldStarts: number[], lastStart: number): Classified {
  const inits = envs.flatMap((e) => e.inits).sort((a, b) => a - b);
  const cold = Float64Array.from(coldStarts).sort();
  const out: Classified = { preInvoke: 0, unused: 0 };
  let j = 0;
  for (const t of inits) {
    while (j < cold.length && cold[j] < t) j++;
    if (j < cold.length && cold[j] - t <= ON_DEMAND_INIT_LIMIT_MS) {
      j++;
      continue;
    }
    if (lastStart >= t) out.preInvoke++;
    else out.unused++;
  }
  return out;
}
