import { describe, expect, it } from "vitest";
import { containerKind } from "../../lib/parse/parse-source";
import { platformWordAt } from "../../lib/parse/platform-words";
import { Rng } from "../../lib/synth/random";
import { fuzz, MAX_RSS_MB, problemsIn, readEveryWay, sampleInputs, type Reading } from "../../scripts/fuzz";

const samples = sampleInputs();

describe("seeded mutations of every real sample (`npm run fuzz` runs more)", () => {
  it("3,000 inputs: no exception, every figure a finite number or null, none hangs, memory bounded", async () => {
    const r = await fuzz(20_260_101, 3000);
    expect(r.failures.map((f) => `input ${f.index} (${f.sample}, ${f.how.join("+")}): ${f.error.split("\n")[0]}`)).toEqual([]);
    expect(r.peakRssMB).toBeLessThan(MAX_RSS_MB);
  });
});

/** Each sample read whole and as changed, in pieces of a size drawn from the seed. */
async function readBoth(name: string, original: Buffer, changed: Buffer, rng: Rng): Promise<[Reading, Reading]> {
  const a = await readEveryWay(original, name, 1 + rng.int(1 << 12));
  const b = await readEveryWay(changed, name, 1 + rng.int(1 << 12));
  expect(problemsIn(b)).toEqual([]);
  return [a, b];
}

function expectSameFigures([a, b]: [Reading, Reading], name: string) {
  expect(b.analyze.functions, name).toEqual(a.analyze.functions);
  expect(b.report.functions, name).toEqual(a.report.functions);
  expect(b.analyze.window, name).toEqual(a.analyze.window);
}

const QUOTE = "app: REPORT RequestId: 0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB";

describe("what never changes the figures of a real sample", () => {
  const rng = Rng.derive(7, "properties");

  it.each(samples.map((s) => [s.name, s.bytes] as const))("%s: CRLF line ends, no newline at the end, application lines between platform lines", async (name, bytes) => {
    const text = bytes.toString("latin1");
    expectSameFigures(await readBoth(name, bytes, Buffer.from(text.replace(/\r?\n/g, "\r\n"), "latin1"), rng), `${name} with CRLF`);
    expectSameFigures(await readBoth(name, bytes, Buffer.from(text.replace(/\n+$/, ""), "latin1"), rng), `${name} without its last newline`);
    if (containerKind(bytes) !== "text") return;
    // after each line with a platform word, a line of the file's own form (whatever stands
    // before that word) in which an application quotes a REPORT
    const lines = text.split("\n").flatMap((line) => {
      const at = platformWordAt(line, 0, line.length);
      return at < 0 ? [line] : [line, `${line.slice(0, at)}${QUOTE}`];
    });
    expectSameFigures(await readBoth(name, bytes, Buffer.from(lines.join("\n"), "latin1"), rng), `${name} with application lines`);
  });
});
