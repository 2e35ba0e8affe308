/** A value in PostgreSQL's COPY text format: \N for null, t/f, backslash escapes in strings. */
function field(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  if (v === true) return "t";
  if (v === false) return "f";
  if (typeof v === "string") return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v;
  return String(v);
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * Rows laid out one after another in `values` (`columns` each) as COPY text, a line per
 * row with tab-separated fields, in pieces of `rowsPerPiece` rows: a batch is sent as it is
 * made instead of being held whole as one string.
 */
export function* copyText(values: readonly unknown[], columns: number, rowsPerPiece = 2000): Generator<string> {
  const fields = new Array<string>(columns);
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += columns) {
    for (let c = 0; c < columns; c++) fields[c] = field(values[i + c]);
    lines.push(fields.join("\t"));
    if (lines.length === rowsPerPiece) {
      yield lines.join("\n") + "\n";
      lines.length = 0;
    }
  }
  if (lines.length) yield lines.join("\n") + "\n";
}
