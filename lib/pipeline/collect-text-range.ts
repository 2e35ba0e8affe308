import { TextContainer } from "../parse/text-container";
import { noteMemorySizes, withoutBom } from "../parse/parse-source";
import type { ParseStats } from "../parse/stats";
import type { PlatformRecord, SourceContext } from "../parse/types";
import type { FleetData } from "../metrics/collector";
import { openInput, type ByteRange } from "../sources/file-source";

/**
 * One thread's share of a plain text export: the lines that start in `range`, read as
 * text lines whatever they look like (the container was sniffed from the file's start,
 * and a share may well begin with a line that looks like JSON). Returns the lines read.
 */
export async function collectTextRange(
  path: string,
  range: ByteRange,
  ctx: SourceContext,
  stats: ParseStats,
  fleet: FleetData,
  sizes: Set<number>,
  onBytes?: (n: number) => void,
): Promise<number> {
  const input = await openInput(path, ctx.functionGiven ? ctx.defaultFunction : undefined, onBytes, range);
  const container = new TextContainer(ctx, stats);
  const out: PlatformRecord[] = [];
  const take = () => {
    fleet.addAll(out);
    noteMemorySizes(out, ctx, sizes);
    out.length = 0;
  };
  let first = range.start === 0;
  for await (const chunk of input.chunks) {
    container.push(first ? withoutBom(chunk) : chunk, out);
    first = false;
    take();
  }
  container.end(out);
  take();
  return container.lineCount;
}
