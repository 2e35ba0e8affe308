import { tokenEnd } from "./strings";

/**
 * Timestamps as exports write them, parsed without allocating:
 * `2024-01-02T03:04:05.678Z`, `...+08:00`, `...05.678000` (sam logs, UTC),
 * `2024-01-02 03:04:05.678` (Logs Insights, UTC). Anything else gives NaN.
 */
let cachedYmd = -1;
let cachedDayMs = 0;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

function two(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

/** True where a timestamp-like token starts: `dddd-` or a masked `XXXX-`. */
export function looksLikeTimestamp(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 88 /* X */) return s.startsWith("XXXX-", i);
  return c >= 48 && c <= 57 && s.charCodeAt(i + 4) === 45 && digit(s, i + 1) >= 0 && digit(s, i + 3) >= 0;
}

/**
 * Where the timestamp at i ends. The two shapes exports write most, S3's
 * `2024-05-01T00:00:00.000Z` and sam's `2024-05-01T00:00:00.000000`, are known by their
 * length; anything else runs to the next space.
 */
export function timestampEnd(s: string, i: number, end: number): number {
  if (s.charCodeAt(i + 19) === 46 && digits(s, i + 20, i + 23)) {
    if (i + 24 < end && s.charCodeAt(i + 24) === 32 && s.charCodeAt(i + 23) === 90) return i + 24;
    if (i + 26 < end && s.charCodeAt(i + 26) === 32 && digits(s, i + 23, i + 26)) return i + 26;
  }
  return tokenEnd(s, i, end);
}

function digits(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function parseIsoMs(s: string, from: number, to: number): number {
  if (to - from < 19) return NaN;
  const sep = s.charCodeAt(from + 10);
  if (s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45 || (sep !== 84 && sep !== 32)) return NaN;
  if (s.charCodeAt(from + 13) !== 58 || s.charCodeAt(from + 16) !== 58) return NaN;
  const y = two(s, from) * 100 + two(s, from + 2);
  const mo = two(s, from + 5);
  const d = two(s, from + 8);
  const h = two(s, from + 11);
  const mi = two(s, from + 14);
  const sec = two(s, from + 17);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return NaN;
  const ymd = y * 10000 + mo * 100 + d;
  if (ymd !== cachedYmd) {
    cachedDayMs = Date.UTC(y, mo - 1, d);
    cachedYmd = ymd;
  }
  let ms = 0;
  let i = from + 19;
  if (i < to && s.charCodeAt(i) === 46) {
    i++;
    let scale = 100;
    while (i < to) {
      const c = digit(s, i);
      if (c < 0) break;
      ms += c * scale;
      scale /= 10;
      i++;
    }
    ms = Math.floor(ms + 1e-6);
  }
  let offsetMin = 0;
  if (i < to) {
    const z = s.charCodeAt(i);
    if (z === 43 || z === 45) {
      const oh = two(s, i + 1);
      const om = s.charCodeAt(i + 3) === 58 ? two(s, i + 4) : two(s, i + 3);
      if (oh < 0 || om < 0) return NaN;
      offsetMin = (z === 43 ? 1 : -1) * (oh * 60 + om);
    } else if (z !== 90 && z !== 122) {
      // any other trailing character (space, tab) ends the token: UTC
      if (z !== 32 && z !== 9) return NaN;
    }
  }
  return cachedDayMs + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms;
}

/** Epoch ms from a number or a string of digits (CSV, JSON); NaN otherwise. */
export function parseEpochMs(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) ? v : NaN;
  if (typeof v === "string") {
    // any run of digits is meant as epoch ms; one too large for a date is judged by value-ranges
    if (/^\d{10,}$/.test(v)) return Number(v);
    return parseIsoMs(v, 0, v.length);
  }
  return NaN;
}
