import type { Architecture, PriceTable } from "./prices";

export const SECONDS_PER_MONTH = 30 * 24 * 3600;

/** GB-seconds of one invocation as AWS bills it: (Billed Duration + Billed Restore Duration) × memory. */
export function gbSeconds(billedMs: number, billedRestoreMs: number, memoryMB: number): number {
  if (!(billedMs >= 0) || !(memoryMB > 0)) return 0;
  const restore = billedRestoreMs >= 0 ? billedRestoreMs : 0;
  return ((billedMs + restore) / 1000) * (memoryMB / 1024);
}

export function firstTierPrice(prices: PriceTable, arch: Architecture): number {
  return prices.architectures[arch].tiers[0].pricePerGbSecond;
}

/** Cost of observed usage at list prices, first tier, no free tier. */
export function observedCost(prices: PriceTable, arch: Architecture, gbs: number, requests: number): number {
  return gbs * firstTierPrice(prices, arch) + (requests / 1e6) * prices.requestPerMillion;
}

/** Duration cost of a month's GB-seconds through the tiers. */
export function tieredDurationCost(prices: PriceTable, arch: Architecture, monthlyGbs: number): number {
  let cost = 0;
  let floor = 0;
  for (const t of prices.architectures[arch].tiers) {
    const ceiling = t.upToGbSeconds ?? Infinity;
    if (monthlyGbs <= floor) break;
    cost += (Math.min(monthlyGbs, ceiling) - floor) * t.pricePerGbSecond;
    floor = ceiling;
  }
  return cost;
}

export interface MonthlyUsage {
  arch: Architecture;
  /** Observed GB-seconds and requests, and the observed window they came from. */
  gbSeconds: number;
  requests: number;
}

/**
 * Monthly spend: each function's observed rate × 30 days. Tiers and the free tier
 * apply to the account per architecture, so they are applied to the fleet's totals
 * and shared back out in proportion to use. Returns one figure per input, in order;
 * null for all when the window has no length.
 */
export function monthlyCosts(prices: PriceTable, usage: MonthlyUsage[], windowSeconds: number, freeTier: boolean): (number | null)[] {
  if (!(windowSeconds > 0)) return usage.map(() => null);
  const scale = SECONDS_PER_MONTH / windowSeconds;
  const totalGbs = usage.reduce((a, u) => a + u.gbSeconds * scale, 0);
  const totalReq = usage.reduce((a, u) => a + u.requests * scale, 0);
  const freeGbs = freeTier ? Math.min(prices.freeTier.gbSeconds, totalGbs) : 0;
  const freeReq = freeTier ? Math.min(prices.freeTier.requests, totalReq) : 0;
  const archCost = new Map<Architecture, { gbs: number; cost: number }>();
  for (const arch of ["x86_64", "arm64"] as const) {
    const gbs = usage.filter((u) => u.arch === arch).reduce((a, u) => a + u.gbSeconds * scale, 0);
    const billable = totalGbs > 0 ? gbs - freeGbs * (gbs / totalGbs) : 0;
    archCost.set(arch, { gbs, cost: tieredDurationCost(prices, arch, billable) });
  }
  const requestCost = ((totalReq - freeReq) / 1e6) * prices.requestPerMillion;
  return usage.map((u) => {
    const a = archCost.get(u.arch)!;
    const duration = a.gbs > 0 ? a.cost * ((u.gbSeconds * scale) / a.gbs) : 0;
    const requests = totalReq > 0 ? requestCost * ((u.requests * scale) / totalReq) : 0;
    return duration + requests;
  });
}
