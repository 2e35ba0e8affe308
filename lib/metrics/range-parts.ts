import { MINUTE_MS } from "./minute-rollups";
import { DAY_MS, HOUR_MS } from "./rollup-period";

/** Rollups of one grain whose periods start in [from, to); null ends are open. */
export interface RangePart {
  grainMs: number;
  from: number | null;
  to: number | null;
}

export const GRAINS = [DAY_MS, HOUR_MS, MINUTE_MS] as const;

const ceilTo = (v: number, g: number) => Math.ceil(v / g) * g;
const floorTo = (v: number, g: number) => Math.floor(v / g) * g;

/**
 * A time range as the fewest rollup periods that tile it: whole days in the middle,
 * whole hours next to them, minutes at the very ends. A minute belongs to the range
 * when it starts in it (as `report` has always counted), so the ends are rounded up to
 * minutes first. `grains` may leave out the coarser ones (a chart whose buckets are
 * not whole days reads no day rollups).
 */
export function rangeParts(since: number | null, until: number | null, grains: readonly number[] = GRAINS): RangePart[] {
  const lo = since === null ? null : ceilTo(since, MINUTE_MS);
  const hi = until === null ? null : ceilTo(until, MINUTE_MS);
  if (lo !== null && hi !== null && lo >= hi) return [];
  return tile(lo, hi, [...grains].sort((a, b) => b - a));
}

function tile(lo: number | null, hi: number | null, grains: number[]): RangePart[] {
  const [g, ...finer] = grains;
  if (finer.length === 0) return [{ grainMs: g, from: lo, to: hi }];
  const inner = { from: lo === null ? null : ceilTo(lo, g), to: hi === null ? null : floorTo(hi, g) };
  if (inner.from !== null && inner.to !== null && inner.from >= inner.to) return tile(lo, hi, finer);
  const out: RangePart[] = [];
  if (lo !== null && lo < inner.from!) out.push(...tile(lo, inner.from, finer));
  out.push({ grainMs: g, ...inner });
  if (hi !== null && inner.to! < hi) out.push(...tile(inner.to, hi, finer));
  return out;
}
