import type { Sql } from "../store/sql";
import { readSettings } from "../store/settings";
import { functionFacts } from "../store/queries/function-facts";
import { DEFAULT_PRICES, type PriceTable } from "../metrics/prices";
import { settingsPrices, type Settings } from "../settings/schema";

/** What the settings page edits: the stored settings, the prices they give, and each function's overrides beside what the Lambda API said. */
export interface SettingsData {
  settings: Settings;
  prices: PriceTable;
  defaultPrices: PriceTable;
  functions: {
    name: string;
    region: string | null;
    reservedConcurrency: number | null;
    reservedConcurrencyOverride: number | null;
    architecture: string | null;
    architectureOverride: string | null;
  }[];
}

export async function settingsData(sql: Sql): Promise<SettingsData> {
  const [settings, facts, raw] = await Promise.all([
    readSettings(sql),
    functionFacts(sql),
    sql.query<{ name: string; architecture: string | null }>(`SELECT "name", "architecture" FROM "functions"`),
  ]);
  const apiArch = new Map(raw.map((r) => [r.name, r.architecture]));
  return {
    settings,
    prices: settingsPrices(settings),
    defaultPrices: DEFAULT_PRICES,
    functions: facts.map((f) => ({
      name: f.name,
      region: f.region,
      reservedConcurrency: f.reservedConcurrency,
      reservedConcurrencyOverride: f.reservedConcurrencyOverride,
      architecture: apiArch.get(f.name) ?? null,
      architectureOverride: f.architectureFrom === "settings" ? f.architecture : null,
    })),
  };
}
