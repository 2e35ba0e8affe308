import type { Rng } from "./random";

/**
 * Seeded mutations of real inputs, for fuzzing the readers: what a cut, a bad copy or a
 * hostile file does to an export. The same seed gives the same inputs on every machine.
 */

/** Text a reader must survive wherever it lands: structure, platform words, extreme numbers. */
const TOKENS = [
  "\n", "\r\n", "\r", '"', '""', ",", "\t", " ", "{", "}", "[", "]", ":", "\\", "\\u0000", "\u0000", "\uFEFF", "\u00e9",
  "1e308", "-1", "99999999999999999", "NaN", "0.000001", "1e-308",
  "START RequestId: ", "END RequestId: ", "REPORT RequestId: ", "INIT_START Runtime Version: x", "INIT_REPORT Init Duration: 1e308 ms",
  "RESTORE_START ", "Duration: ", "Billed Duration: ", "Init Duration: ", "Memory Size: ", " ms", " MB", "Status: timeout",
  "2024-05-01T00:00:00.000Z ", "9999-12-31T23:59:59.999Z ", "0000-00-00T00:00:00Z ", "21:00:54  ", "| 1701787103739 | ", "    ",
  '{"events":[', '{"logEvents":[{"timestamp":1e300,"message":"', '{"awslogs":{"data":"H4sI', '"type":"platform.report"', "H4sI",
  '{"time":"2024-05-01T00:00:00Z","type":"platform.report","record":{"requestId":"x","metrics":{"durationMs":1e308}}}',
];

type Mutator = (b: Buffer, rng: Rng) => Buffer;

const at = (b: Buffer, rng: Rng) => rng.int(b.length + 1);

function splice(b: Buffer, from: number, to: number, insert: Buffer): Buffer {
  return Buffer.concat([b.subarray(0, from), insert, b.subarray(to)]);
}

/** A range of up to `max` bytes (a tenth of the input at most, one byte at least). */
function range(b: Buffer, rng: Rng, max = 256): [number, number] {
  const from = at(b, rng);
  const len = 1 + rng.int(Math.max(1, Math.min(max, Math.floor(b.length / 10))));
  return [from, Math.min(b.length, from + len)];
}

/** Where the lines of b start. */
function lineStarts(b: Buffer): number[] {
  const starts = [0];
  for (let i = b.indexOf(10); i >= 0 && i + 1 < b.length; i = b.indexOf(10, i + 1)) starts.push(i + 1);
  return starts;
}

const MUTATORS: Record<string, Mutator> = {
  flip: (b, rng) => {
    const c = Buffer.from(b);
    if (c.length > 0) c[rng.int(c.length)] = rng.int(256);
    return c;
  },
  erase: (b, rng) => {
    const [from, to] = range(b, rng);
    return splice(b, from, to, Buffer.alloc(0));
  },
  copy: (b, rng) => {
    const [from, to] = range(b, rng);
    const p = at(b, rng);
    return splice(b, p, p, Buffer.from(b.subarray(from, to)));
  },
  token: (b, rng) => {
    const p = at(b, rng);
    return splice(b, p, p, Buffer.from(rng.pick(TOKENS)));
  },
  replace: (b, rng) => {
    const [from, to] = range(b, rng, 16);
    return splice(b, from, to, Buffer.from(rng.pick(TOKENS)));
  },
  number: (b, rng) => {
    // a run of digits becomes a number no time or duration can be
    const s = b.toString("latin1");
    const runs = [...s.matchAll(/\d+(?:\.\d+)?/g)];
    if (runs.length === 0) return b;
    const m = rng.pick(runs);
    return splice(b, m.index, m.index + m[0].length, Buffer.from(rng.pick(["1e308", "99999999999999999", "1e300", "-5", "Infinity", "0"])));
  },
  cut: (b, rng) => b.subarray(0, at(b, rng)),
  swapLines: (b, rng) => {
    const starts = lineStarts(b);
    if (starts.length < 2) return b;
    const lines = starts.map((s, i) => b.subarray(s, i + 1 < starts.length ? starts[i + 1] : b.length));
    const i = rng.int(lines.length);
    const j = rng.int(lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return Buffer.concat(lines);
  },
  repeatLine: (b, rng) => {
    const starts = lineStarts(b);
    const k = rng.int(starts.length);
    const line = b.subarray(starts[k], k + 1 < starts.length ? starts[k + 1] : b.length);
    const times = 1 + rng.int(64);
    return splice(b, starts[k], starts[k], Buffer.concat(Array.from({ length: times }, () => line)));
  },
};

const NAMES = Object.keys(MUTATORS);

/** One to four mutations of the input, and what they were (to reproduce a failure). */
export function mutate(input: Buffer, rng: Rng): { bytes: Buffer; how: string[] } {
  let bytes = input;
  const how: string[] = [];
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) {
    const name = rng.pick(NAMES);
    bytes = MUTATORS[name](bytes, rng);
    how.push(name);
  }
  return { bytes, how };
}
