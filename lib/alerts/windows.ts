/** Values over sliding windows of whole minutes, one per window end. Pure. */

export const MINUTE_MS = 60_000;

export interface Point {
  minute: number;
  value: number;
}

export interface MaxSample {
  /** the last minute in the window: the window is (end − windowMs, end] */
  end: number;
  value: number;
  /** the minute the maximum was reached, null when the window holds no data */
  at: number | null;
}

function* ends(from: number, to: number): Generator<number> {
  for (let e = from; e <= to; e += MINUTE_MS) yield e;
}

/** The largest value in each window ending at every minute from `from` to `to`; points sorted by minute. */
export function slidingMax(points: readonly Point[], from: number, to: number, windowMs: number): MaxSample[] {
  const out: MaxSample[] = [];
  const deque: number[] = [];
  let next = 0;
  while (next < points.length && points[next].minute <= from - windowMs) next++;
  for (const e of ends(from, to)) {
    for (; next < points.length && points[next].minute <= e; next++) {
      while (deque.length && points[deque[deque.length - 1]].value <= points[next].value) deque.pop();
      deque.push(next);
    }
    while (deque.length && points[deque[0]].minute <= e - windowMs) deque.shift();
    out.push(deque.length ? { end: e, value: points[deque[0]].value, at: points[deque[0]].minute } : { end: e, value: 0, at: null });
  }
  return out;
}

export interface SumPoint {
  minute: number;
  a: number;
  b: number;
}

export interface SumSample {
  end: number;
  a: number;
  b: number;
}

/** Sums of two quantities (a count and its base, say cold starts and invocations) over each window. */
export function slidingSum(points: readonly SumPoint[], from: number, to: number, windowMs: number): SumSample[] {
  const out: SumSample[] = [];
  let a = 0;
  let b = 0;
  let head = 0;
  let tail = 0;
  for (const e of ends(from, to)) {
    for (; head < points.length && points[head].minute <= e; head++) {
      a += points[head].a;
      b += points[head].b;
    }
    for (; tail < head && points[tail].minute <= e - windowMs; tail++) {
      a -= points[tail].a;
      b -= points[tail].b;
    }
    out.push({ end: e, a, b });
  }
  return out;
}

/** Most new execution environments that began in any 10 s from one that began in the minute. Births sorted. */
export function birthsPerInterval(births: readonly number[], intervalMs: number): Point[] {
  const byMinute = new Map<number, number>();
  let j = 0;
  for (let i = 0; i < births.length; i++) {
    if (j < i) j = i;
    while (j < births.length && births[j] < births[i] + intervalMs) j++;
    const minute = Math.floor(births[i] / MINUTE_MS) * MINUTE_MS;
    byMinute.set(minute, Math.max(byMinute.get(minute) ?? 0, j - i));
  }
  return [...byMinute].map(([minute, value]) => ({ minute, value }));
}
