import { describe, expect, it } from "vitest";
import { TrailingWindows } from "../../lib/sources/cloudwatch/trailing-windows";

describe("TrailingWindows", () => {
  it("re-reads two polls back every poll, and each longer window half as often, up to the latency", () => {
    // poll every 2 s, 30 s latency: levels 4 s (every poll), 8 s (every 2nd), 16 s (every 4th), 30 s (every 8th)
    const w = new TrailingWindows(2000, 30_000);
    expect(w.first).toBe(true);
    expect(w.safeBefore()).toBeNull();
    w.swept(100_000);
    expect(w.first).toBe(false);
    // after the first poll everything up to 30 s late before 70 s has been read
    expect(w.safeBefore()).toBe(70_000);
    const starts: number[] = [];
    for (let t = 102_000; t <= 118_000; t += 2000) {
      starts.push(w.nextStart());
      w.swept(t);
    }
    expect(starts).toEqual([
      96_000, // poll 1: level 0 (swept at 100 s) − 4 s
      92_000, // poll 2: levels 0 and 1: min(102 − 4, 100 − 8)
      100_000, // poll 3: level 0 only
      84_000, // poll 4: levels 0-2: level 2 last ran at 100 s, − 16 s
      104_000,
      100_000, // poll 6: levels 0 and 1; level 1 last ran at 108 s
      108_000,
      70_000, // poll 8: the whole latency window, from the first poll's start
      112_000,
    ]);
    // the top level last ran at 116 s
    expect(w.safeBefore()).toBe(86_000);
  });

  it("latency 0: one level that reads from the previous poll's start", () => {
    const w = new TrailingWindows(2000, 0);
    w.swept(10_000);
    expect(w.nextStart()).toBe(10_000);
    w.swept(12_000);
    expect(w.nextStart()).toBe(12_000);
    expect(w.safeBefore()).toBe(12_000);
  });
});
