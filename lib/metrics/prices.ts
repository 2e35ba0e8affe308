export type Architecture = "x86_64" | "arm64";

export interface DurationTier {
  /** Upper bound of the tier in GB-seconds per month; null for the last tier. */
  upToGbSeconds: number | null;
  pricePerGbSecond: number;
}

export interface ArchitecturePrices {
  tiers: DurationTier[];
  provisionedPerGbSecond: number;
  provisionedDurationPerGbSecond: number;
}

export interface PriceTable {
  currency: "USD";
  requestPerMillion: number;
  architectures: Record<Architecture, ArchitecturePrices>;
  freeTier: { requests: number; gbSeconds: number };
}

/** us-east-1 list prices (reference section 7); most regions charge the same. */
export const DEFAULT_PRICES: PriceTable = {
  currency: "USD",
  requestPerMillion: 0.2,
  architectures: {
    x86_64: {
      tiers: [
        { upToGbSeconds: 6e9, pricePerGbSecond: 0.0000166667 },
        { upToGbSeconds: 15e9, pricePerGbSecond: 0.000015 },
        { upToGbSeconds: null, pricePerGbSecond: 0.0000133334 },
      ],
      provisionedPerGbSecond: 0.0000041667,
      provisionedDurationPerGbSecond: 0.0000097222,
    },
    arm64: {
      tiers: [
        { upToGbSeconds: 7.5e9, pricePerGbSecond: 0.0000133334 },
        { upToGbSeconds: 18.75e9, pricePerGbSecond: 0.0000120001 },
        { upToGbSeconds: null, pricePerGbSecond: 0.0000106667 },
      ],
      provisionedPerGbSecond: 0.0000033334,
      provisionedDurationPerGbSecond: 0.0000077778,
    },
  },
  freeTier: { requests: 1_000_000, gbSeconds: 400_000 },
};

export function isArchitecture(v: string): v is Architecture {
  return v === "x86_64" || v === "arm64";
}

/**
 * The default table with a user's overrides laid over it (any subset of the same
 * shape, e.g. from `--prices prices.json`). Throws a message naming the bad field.
 */
export function mergePrices(override: unknown, base: PriceTable = DEFAULT_PRICES): PriceTable {
  if (override === undefined || override === null) return base;
  if (typeof override !== "object") throw new Error("prices: expected a JSON object");
  const o = override as Partial<Record<keyof PriceTable, unknown>>;
  const out: PriceTable = structuredClone(base);
  if (o.requestPerMillion !== undefined) out.requestPerMillion = positive(o.requestPerMillion, "requestPerMillion");
  if (o.freeTier !== undefined) {
    const f = o.freeTier as Record<string, unknown>;
    if (f.requests !== undefined) out.freeTier.requests = positive(f.requests, "freeTier.requests");
    if (f.gbSeconds !== undefined) out.freeTier.gbSeconds = positive(f.gbSeconds, "freeTier.gbSeconds");
  }
  if (o.architectures !== undefined) {
    for (const [arch, v] of Object.entries(o.architectures as Record<string, unknown>)) {
      if (!isArchitecture(arch)) throw new Error(`prices: architectures.${arch}: expected x86_64 or arm64`);
      const a = v as Partial<ArchitecturePrices>;
      const target = out.architectures[arch];
      if (a.tiers !== undefined) {
        if (!Array.isArray(a.tiers) || a.tiers.length === 0) throw new Error(`prices: architectures.${arch}.tiers: expected a non-empty list`);
        target.tiers = a.tiers.map((t, i) => ({
          upToGbSeconds: t.upToGbSeconds === null || t.upToGbSeconds === undefined ? null : positive(t.upToGbSeconds, `architectures.${arch}.tiers[${i}].upToGbSeconds`),
          pricePerGbSecond: positive(t.pricePerGbSecond, `architectures.${arch}.tiers[${i}].pricePerGbSecond`),
        }));
      }
      if (a.provisionedPerGbSecond !== undefined) target.provisionedPerGbSecond = positive(a.provisionedPerGbSecond, `architectures.${arch}.provisionedPerGbSecond`);
      if (a.provisionedDurationPerGbSecond !== undefined)
        target.provisionedDurationPerGbSecond = positive(a.provisionedDurationPerGbSecond, `architectures.${arch}.provisionedDurationPerGbSecond`);
    }
  }
  return out;
}

function positive(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Error(`prices: ${field}: expected a number >= 0, got ${JSON.stringify(v)}`);
  return v;
}
