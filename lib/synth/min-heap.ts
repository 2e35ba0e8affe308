// A binary min-heap with a caller-supplied ordering; the simulator keeps pending log
// events, busy environments and open invocation intervals in these.

export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as T;
      if (!this.less(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      const n = items.length;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && this.less(items[r] as T, items[l] as T)) c = r;
        if (!this.less(items[c] as T, last)) break;
        items[i] = items[c] as T;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }

  /** Drains the heap in no particular order. */
  drain(): T[] {
    return this.items.splice(0, this.items.length);
  }
}

/** Min-heap of plain numbers, kept in a growable Float64Array (the concurrency sweep). */
export class NumberHeap {
  private data = new Float64Array(64);
  size = 0;

  peek(): number {
    return this.size > 0 ? (this.data[0] as number) : Number.POSITIVE_INFINITY;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = d[parent] as number;
      if (p <= value) break;
      d[i] = p;
      i = parent;
    }
    d[i] = value;
  }

  pop(): number {
    const d = this.data;
    const top = d[0] as number;
    const last = d[--this.size] as number;
    const n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && (d[r] as number) < (d[l] as number)) c = r;
      if ((d[c] as number) >= last) break;
      d[i] = d[c] as number;
      i = c;
    }
    if (n > 0) d[i] = last;
    return top;
  }
}
