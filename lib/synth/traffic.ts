// Traffic shape of one function: a diurnal curve with random bursts, turned into exact
// per-minute invocation counts (sequential binomial draws, so the total is exactly n).

import type { FunctionTemplate } from "./catalog";
import type { Rng } from "./random";

const MINUTE_MS = 60_000;

export interface TrafficPlan {
  /** Relative intensity per minute of the simulated range. */
  shape: Float64Array;
  total: number;
}

export function planTraffic(template: FunctionTemplate, startMs: number, minutes: number, rng: Rng): TrafficPlan {
  const shape = new Float64Array(minutes);
  const peakHour = 13 + rng.range(-3, 4);
  for (let m = 0; m < minutes; m++) {
    const hourOfDay = (((startMs + m * MINUTE_MS) / 3_600_000) % 24 + 24) % 24;
    const diurnal = 1 + template.diurnal * Math.cos((2 * Math.PI * (hourOfDay - peakHour)) / 24);
    shape[m] = diurnal * (0.85 + 0.3 * rng.float());
  }
  const bursts = rng.poisson((template.burstsPerDay * minutes) / 1440);
  for (let b = 0; b < bursts; b++) {
    const at = rng.int(minutes);
    const length = 2 + rng.int(18);
    const factor = 4 + rng.float() * 11;
    for (let m = at; m < Math.min(minutes, at + length); m++) shape[m] = (shape[m] as number) * factor;
  }
  let total = 0;
  for (let m = 0; m < minutes; m++) total += shape[m] as number;
  return { shape, total };
}

/** Draws minute counts one minute at a time; the counts over all minutes sum to `count`. */
export class MinuteCounts {
  private remaining: number;
  private remainingShape: number;

  constructor(
    private readonly plan: TrafficPlan,
    count: number,
  ) {
    this.remaining = count;
    this.remainingShape = plan.total;
  }

  next(minute: number, rng: Rng): number {
    const w = this.plan.shape[minute] as number;
    const last = minute === this.plan.shape.length - 1;
    const p = last || this.remainingShape <= 0 ? 1 : Math.min(1, w / this.remainingShape);
    const k = rng.binomial(this.remaining, p);
    this.remaining -= k;
    this.remainingShape -= w;
    return k;
  }
}

/** Splits `total` across weights with largest remainders, so the parts sum to `total`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = (order[k] as { i: number }).i;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}
