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

interface Classified {
  preInvoke: number;
  unused: number;
}

/**
 * Per execution environment (log stream) with an INIT_START: pre-invoke when its first
 * invocation reports no Init Duration or starts more than 10 s after the latest
 * INIT_START before it; unused when it has no invocation at all.
 */
export function countInits(f: FunctionData): InitCounts {
  const real = new Map<number, number[]>();
  const virtual = new Map<number, number[]>();
  for (const [s, inits] of f.initStarts) (isVirtualStream(f.streamNames[s]) ? virtual : real).set(s, inits);
  const a = classifyByStream(f, real);
  const b = [...virtual.values()].every((l) => l.every(Number.isFinite)) ? classifyByTime(f, virtual) : classifyByStream(f, virtual);
  const initFailuresByStatus: Record<string, number> = {};
  let initFailures = 0;
  for (const r of f.initReports) {
    if (r.status === null || r.status === "success") continue;
    initFailuresByStatus[r.status] = (initFailuresByStatus[r.status] ?? 0) + 1;
    initFailures++;
  }
  return { preInvokeInits: a.preInvoke + b.preInvoke, unusedInits: a.unused + b.unused, initFailures, initFailuresByStatus };
}

function isCold(f: FunctionData, i: number): boolean {
  return Number.isFinite(f.init[i]) || Number.isFinite(f.restore[i]);
}

function classifyByStream(f: FunctionData, streams: Map<number, number[]>): Classified {
  const first = new Map<number, number>();
  for (let i = 0; i < f.n; i++) {
    if (!(f.flags[i] & HAS_REPORT)) continue;
    const s = f.streamOf[i];
    if (!streams.has(s)) continue;
    const cur = first.get(s);
    if (cur === undefined || f.intervalStart(i) < f.intervalStart(cur)) first.set(s, i);
  }
  const out: Classified = { preInvoke: 0, unused: 0 };
  for (const [stream, inits] of streams) {
    const i = first.get(stream);
    if (i === undefined) {
      out.unused++;
      continue;
    }
    if (!isCold(f, i)) {
      out.preInvoke++;
      continue;
    }
    const t0 = f.intervalStart(i);
    let latest = -Infinity;
    for (const t of inits) if (t <= t0 && t > latest) latest = t;
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
function classifyByTime(f: FunctionData, streams: Map<number, number[]>): Classified {
  const inits = [...streams.values()].flat().sort((a, b) => a - b);
  const cold: number[] = [];
  let lastStart = -Infinity;
  for (let i = 0; i < f.n; i++) {
    if (!(f.flags[i] & HAS_REPORT) || !isVirtualStream(f.streamNames[f.streamOf[i]])) continue;
    const t = f.intervalStart(i);
    if (!Number.isFinite(t)) continue;
    if (t > lastStart) lastStart = t;
    if (isCold(f, i)) cold.push(t);
  }
  cold.sort((a, b) => a - b);
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
