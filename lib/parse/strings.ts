/**
 * A copy of a short substring that does not keep its (possibly megabyte-long) parent
 * string alive: V8 flattens the concatenation into a new string before slicing it.
 */
export function detach(s: string): string {
  return (" " + s).slice(1);
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

export function skipSpaces(s: string, i: number, end: number): number {
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  return i;
}

export function tokenEnd(s: string, i: number, end: number): number {
  while (i < end && !isSpace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * End of the request id starting at i. Canonical UUIDs (36 characters, dashes at 8, 13,
 * 18, 23) are recognised without walking them character by character: this runs for
 * every START, REPORT and application line.
 */
export function idEnd(s: string, i: number, end: number): number {
  const e = i + 36;
  if (e <= end && s.charCodeAt(i + 8) === 45 && s.charCodeAt(i + 13) === 45 && s.charCodeAt(i + 23) === 45) {
    if (e === end || isSpace(s.charCodeAt(e))) return e;
    // a paste that lost the tab glues the next field on (`…9da55e603845Duration: 200032.11 ms`)
    if (s.charCodeAt(i + 18) === 45 && isUpper(s.charCodeAt(e))) return e;
  }
  return tokenEnd(s, i, end);
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
