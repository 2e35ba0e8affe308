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

function hash(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w2, 0xc2b2ae35) ^ Math.imul(w3, 0x27d4eb2f), 0x165667b1);
  h ^= h >>> 15;
  return h;
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
  private keys = new Uint32Array(this.cap * 4);
  private slots = new Int32Array(this.cap).fill(-1);
  private used = 0;
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
    let mask = this.cap - 1;
    let i = hash(w0, w1, w2, w3) & mask;
    for (;;) {
      const s = this.slots[i];
      if (s < 0) break;
      const k = i * 4;
      if (this.keys[k] === w0 && this.keys[k + 1] === w1 && this.keys[k + 2] === w2 && this.keys[k + 3] === w3) return s;
      i = (i + 1) & mask;
    }
    if ((this.used + 1) * 2 > this.cap) {
      this.grow();
      mask = this.cap - 1;
      i = hash(w0, w1, w2, w3) & mask;
      while (this.slots[i] >= 0) i = (i + 1) & mask;
    }
    const k = i * 4;
    this.keys[k] = w0;
    this.keys[k + 1] = w1;
    this.keys[k + 2] = w2;
    this.keys[k + 3] = w3;
    this.slots[i] = next;
    this.used++;
    return next;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    this.cap *= 2;
    this.keys = new Uint32Array(this.cap * 4);
    this.slots = new Int32Array(this.cap).fill(-1);
    const mask = this.cap - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] < 0) continue;
      const o = j * 4;
      let i = hash(oldKeys[o], oldKeys[o + 1], oldKeys[o + 2], oldKeys[o + 3]) & mask;
      while (this.slots[i] >= 0) i = (i + 1) & mask;
      this.keys.set(oldKeys.subarray(o, o + 4), i * 4);
      this.slots[i] = oldSlots[j];
    }
  }

  /** Every id by slot, for another thread's table: UUID words, and the other ids as text. */
  export(n: number): { words: Uint32Array; uuid: Uint8Array; other: [number, string][] } {
    const words = new Uint32Array(n * 4);
    const uuid = new Uint8Array(n);
    for (let j = 0; j < this.cap; j++) {
      const s = this.slots[j];
      if (s < 0) continue;
      words.set(this.keys.subarray(j * 4, j * 4 + 4), s * 4);
      uuid[s] = 1;
    }
    return { words, uuid, other: [...this.other.entries()].map(([id, s]) => [s, id]) };
  }
}
