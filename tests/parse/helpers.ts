import { parseSource } from "../../lib/parse/parse-source";
import { ParseStats } from "../../lib/parse/stats";
import type { PlatformRecord, SourceContext } from "../../lib/parse/types";
import { FleetData } from "../../lib/metrics/collector";
import { summarize, type FleetSummary, type SummaryOptions } from "../../lib/metrics/summary";

/** Feeds bytes in small pieces, so every boundary case of the streaming code is crossed. */
export async function* pieces(data: Buffer | string, size = 7): AsyncGenerator<Buffer> {
  const b = typeof data === "string" ? Buffer.from(data) : data;
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

export function context(over: Partial<SourceContext> = {}): SourceContext {
  return { source: "test.log", defaultFunction: "fn", ...over };
}

export async function parseAll(data: Buffer | string, over: Partial<SourceContext> = {}, size = 7): Promise<{ records: PlatformRecord[]; stats: ParseStats }> {
  const stats = new ParseStats();
  const records: PlatformRecord[] = [];
  for await (const batch of parseSource(pieces(data, size), context(over), stats)) records.push(...batch);
  return { records, stats };
}

export async function summarizeText(
  data: Buffer | string,
  over: Partial<SourceContext> = {},
  options: Partial<SummaryOptions> = {},
): Promise<FleetSummary & { stats: ParseStats }> {
  const { records, stats } = await parseAll(data, over);
  const fleet = new FleetData();
  fleet.addAll(records);
  return { ...summarize(fleet, options), stats };
}

/** The one function a test expects, failing loudly when there is not exactly one. */
export function only<F>(s: { functions: F[] }): F {
  if (s.functions.length !== 1) throw new Error(`expected one function, got ${s.functions.length}`);
  return s.functions[0];
}
