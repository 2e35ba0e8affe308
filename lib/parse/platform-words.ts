/**
 * The words that start Lambda's text platform lines, and `"platform.` of the JSON log
 * format, wherever they stand in a line. Only for looking a file over (its first lines,
 * or a file where nothing was read): reading decides by the line's start alone.
 */
const PLATFORM_WORD = /(?:START|END|REPORT) RequestId:|INIT_(?:START|REPORT)\b|RESTORE_(?:START|REPORT)\b|"type"\s*:\s*"platform\./;

/** Where the first platform word in s[from, to) starts (for JSON, the object's `{`), or -1. */
export function platformWordAt(s: string, from: number, to: number): number {
  // searched in the line alone: a search of the whole text would run on past it
  const line = from === 0 && to === s.length ? s : s.slice(from, to);
  const m = PLATFORM_WORD.exec(line);
  if (m === null) return -1;
  if (m[0].charCodeAt(0) !== 34) return from + m.index;
  const brace = line.lastIndexOf("{", m.index);
  return brace >= 0 ? from + brace : -1;
}
