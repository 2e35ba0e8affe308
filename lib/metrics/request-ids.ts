const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[97 + i] = 10 + i;
  HEX[65 + i] = 10 + i;
}

/** Eight hex digits of s from i as an unsigned 32-bit word; -1 if one is not a hex digit. */
function word(s: string, a: number, b: number): number {
  let w = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    const d = c < 128 ? HEX[c] : -1;
    if (d < 0) return -1;
    w = (w << 4) | d;
  }
  return w >>> 0;
}

const STRIDE = 5;
const RECENT = 8;

function hash(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w2, 0xc2b2ae35) ^ Math.imul(w3, 0x27d4eb2f), 0x165667b1);
  h ^= h >>> 15;
  return h;
}

/** Writes one entry (four id words and slot + 1) at k. */
function put(t: Int32Array, k: number, w0: number, w1: number, w2: number, w3: number, slot1: number): void {
  t[k] = w0;
  t[k + 1] = w1;
  t[k + 2] = w2;
  t[k + 3] = w3;
  t[k + 4] = slot1;
}

/**
 * Request id → slot. UUIDs (what Lambda writes) live as four 32-bit words in an
 * open-addressing table in typed arrays: no string is kept per invocation, which at a
 * million invocations is the difference between ~40 MB and ~150 MB, and no garbage for
 * the collector. Anything else (shortened or placeholder ids in pasted logs) goes in a
 * Map. Letter case in a UUID is not significant.
 */
export class RequestIdTable {
  private cap = 1 << 12;
  // per entry: four id words and the slot + 1 (0: empty), side by side so a probe touches one cache line
  private table = new Int32Array(this.cap * STRIDE);
  private used = 0;
  /** The ids looked up last, laid out as in the table. */
  private readonly recent = new Int32Array(RECENT * STRIDE);
  private recentPos = 0;
  private readAheadSum = 0;
  private readonly other = new Map<string, number>();
  // the words of the last id parsed, so a miss does not parse it twice
  private w0 = 0;
  private w1 = 0;
  private w2 = 0;
  private w3 = 0;

  /** Parses a canonical UUID into w0..w3; false for anything else. */
  private parse(id: string): boolean {
    if (id.length !== 36 || id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45 || id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45) return false;
    const a = word(id, 0, 8);
    const b1 = word(id, 9, 13);
    const b2 = word(id, 14, 18);
    const c1 = word(id, 19, 23);
    const c2 = word(id, 24, 28);
    const d = word(id, 28, 36);
    if (a < 0 || b1 < 0 || b2 < 0 || c1 < 0 || c2 < 0 || d < 0) return false;
    this.w0 = a;
    this.w1 = ((b1 << 16) | b2) >>> 0;
    this.w2 = ((c1 << 16) | c2) >>> 0;
    this.w3 = d;
    return true;
  }

  /** The slot of `id`, inserting `next` for it when it is new. */
  findOrInsert(id: string, next: number): number {
    if (!this.parse(id)) {
      const s = this.other.get(id);
      if (s !== undefined) return s;
      // the id may be a slice of a whole chunk of text: keep a copy, not the chunk
      this.other.set((" " + id).slice(1), next);
      return next;
    }
    return this.findOrInsertWords(this.w0, this.w1, this.w2, this.w3, next);
  }

  findOrInsertWords(w0: number, w1: number, w2: number, w3: number, next: number): number {
    w0 |= 0;
    w1 |= 0;
    w2 |= 0;
    w3 |= 0;
    // an invocation's START and REPORT are seldom more than a few ids apart: look there
    // before the table, whose probes mostly miss the processor's caches
    const r = this.recent;
    for (let o = 0; o < r.length; o += STRIDE) {
      if (r[o] === w0 && r[o + 1] === w1 && r[o + 2] === w2 && r[o + 3] === w3 && r[o + 4] !== 0) return r[o + 4] - 1;
    }
    const s = this.probe(w0, w1, w2, w3, next);
    this.recentPos = (this.recentPos + STRIDE) % r.length;
    put(r, this.recentPos, w0, w1, w2, w3, s + 1);
    return s;
  }

  private probe(w0: number, w1: number, w2: number, w3: number, next: number): number {
    const t = this.table;
    let k = (hash(w0, w1, w2, w3) & (this.cap - 1)) * STRIDE;
    for (;;) {
      const s = t[k + 4];
      if (s === 0) break;
      if (t[k] === w0 && t[k + 1] === w1 && t[k + 2] === w2 && t[k + 3] === w3) return s - 1;
      k = k + STRIDE === t.length ? 0 : k + STRIDE;
    }
    if ((this.used + 1) * 2 > this.cap) {
      this.grow();
      return this.probe(w0, w1, w2, w3, next);
    }
    put(t, k, w0, w1, w2, w3, next + 1);
    this.used++;
    return next;
  }

  /**
   * Reads the places in the table where ids [from, to) of `words` would go, and nothing
   * else: called before they are looked up, the processor fetches those scattered places
   * at once instead of one after another.
   */
  readAhead(words: Uint32Array, uuid: Uint8Array, from: number, to: number): void {
    const t = this.table;
    const mask = this.cap - 1;
    let sum = 0;
    for (let j = from; j < to; j++) {
      if (uuid[j]) sum ^= t[(hash(words[j * 4] | 0, words[j * 4 + 1] | 0, words[j * 4 + 2] | 0, words[j * 4 + 3] | 0) & mask) * STRIDE + 4];
    }
    // kept, so the compiler cannot drop the reads as unused
    this.readAheadSum = sum;
  }

  /** Makes room for `count` ids in all, in one step rather than doubling again and again. */
  reserve(count: number): void {
    let cap = this.cap;
    while (count * 2 > cap) cap *= 2;
    if (cap > this.cap) this.grow(cap);
  }

  private grow(cap = this.cap * 2): void {
    const old = this.table;
    this.cap = cap;
    const t = (this.table = new Int32Array(this.cap * STRIDE));
    const mask = this.cap - 1;
    for (let o = 0; o < old.length; o += STRIDE) {
      if (old[o + 4] === 0) continue;
      let k = (hash(old[o], old[o + 1], old[o + 2], old[o + 3]) & mask) * STRIDE;
      while (t[k + 4] !== 0) k = k + STRIDE === t.length ? 0 : k + STRIDE;
      put(t, k, old[o], old[o + 1], old[o + 2], old[o + 3], old[o + 4]);
    }
  }

  /** Every id by slot, for another thread's table: UUID words, and the other ids as text. */
  export(n: number): { words: Uint32Array; uuid: Uint8Array; other: [number, string][] } {
    const words = new Uint32Array(n * 4);
    const uuid = new Uint8Array(n);
    const t = this.table;
    for (let o = 0; o < t.length; o += STRIDE) {
      const s = t[o + 4] - 1;
      if (s < 0) continue;
      const w = s * 4;
      words[w] = t[o];
      words[w + 1] = t[o + 1];
      words[w + 2] = t[o + 2];
      words[w + 3] = t[o + 3];
      uuid[s] = 1;
    }
    return { words, uuid, other: [...this.other.entries()].map(([id, s]) => [s, id]) };
  }
}
