// Fast UTC timestamp formatting for millions of lines: the "YYYY-MM-DD" part is cached
// per day, the rest comes from lookup tables instead of Date and padStart per call.

const DAY_MS = 86_400_000;
const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

let cachedDay = Number.NaN;
let cachedDate = "";

function datePart(day: number): string {
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  return cachedDate;
}

function clock(msOfDay: number): string {
  const h = Math.floor(msOfDay / 3_600_000);
  const m = Math.floor(msOfDay / 60_000) % 60;
  const s = Math.floor(msOfDay / 1000) % 60;
  return `${PAD2[h]}:${PAD2[m]}:${PAD2[s]}.${PAD3[msOfDay % 1000]}`;
}

/** `2025-09-01T10:16:34.013` (no zone). */
export function isoLocalMs(ts: number): string {
  const day = Math.floor(ts / DAY_MS);
  return `${datePart(day)}T${clock(ts - day * DAY_MS)}`;
}

/** `2025-09-01T10:16:34.013Z`, the same as Date#toISOString for years 1970-9999. */
export function isoMs(ts: number): string {
  return `${isoLocalMs(ts)}Z`;
}

/** `2025-09-01T10:16:34.013000`, as `sam logs` prints. */
export function isoMicros(ts: number): string {
  return `${isoLocalMs(ts)}000`;
}

/** `2025/09/01`, the date prefix of a log stream name. */
export function streamDate(ts: number): string {
  return datePart(Math.floor(ts / DAY_MS)).replaceAll("-", "/");
}
