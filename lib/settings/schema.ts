import { z } from "zod";
import { mergePrices, type PriceTable } from "../metrics/prices";

/** Dashboard settings, stored in the database (lib/store/settings.ts) and read by every page, report and alert. */
export interface Settings {
  /** region of functions whose logs and Lambda API facts name none */
  defaultRegion: string;
  /** region → account concurrency limit */
  accountLimits: Record<string, number>;
  /** overrides laid over the built-in us-east-1 list prices (the shape `--prices FILE` takes), or null */
  prices: unknown;
  freeTier: boolean;
}

export const DEFAULT_SETTINGS: Settings = { defaultRegion: "us-east-1", accountLimits: {}, prices: null, freeTier: false };

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

const regionSchema = z.string().regex(REGION, "expected an AWS region such as us-east-1");
const limitSchema = z.number().int("expected a whole number").min(1, "must be at least 1").max(10_000_000, "must be at most 10,000,000");

export const settingsPatchSchema = z
  .object({
    defaultRegion: regionSchema,
    accountLimits: z.record(regionSchema, limitSchema),
    prices: z.unknown().refine(validPrices, (v) => ({ message: priceError(v) ?? "invalid price table" })),
    freeTier: z.boolean(),
  })
  .partial()
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const functionOverridesSchema = z
  .object({
    reservedConcurrency: limitSchema.nullable(),
    architecture: z.enum(["x86_64", "arm64"]).nullable(),
  })
  .partial()
  .strict();

export type FunctionOverrides = z.infer<typeof functionOverridesSchema>;

function priceError(v: unknown): string | null {
  if (v === null) return null;
  try {
    mergePrices(v);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function validPrices(v: unknown): boolean {
  return priceError(v) === null;
}

/** The price table the settings give: built-in prices with the user's overrides laid over them. */
export function settingsPrices(s: Settings): PriceTable {
  return mergePrices(s.prices ?? undefined);
}

/** One line per problem, each naming its field: for the API's 400 and the settings form. */
export function describeZodError(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
}
