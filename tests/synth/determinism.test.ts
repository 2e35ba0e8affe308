import { describe, expect, it } from "vitest";
import { formatToBuffer, synthesize, subscriptionFiles, type OutputFormat, type SynthOptions } from "../../lib/synth/index";

const OPTS: SynthOptions = { invocations: 2_000, functions: 6, seed: 1 };
const STREAM_FORMATS: Exclude<OutputFormat, "subscription">[] = ["s3", "plain", "sam", "tail", "filter-json", "json-log", "firehose"];

async function render(format: Exclude<OutputFormat, "subscription">, options: SynthOptions): Promise<Buffer> {
  return formatToBuffer(format, synthesize(options).events(), { s3: { shuffleWindow: 0 } });
}

describe("determinism", () => {
  it.each(STREAM_FORMATS)("%s: the same seed gives the same bytes, another seed other bytes", async (format) => {
    const a = await render(format, OPTS);
    const b = await render(format, OPTS);
    const c = await render(format, { ...OPTS, seed: 2 });
    expect(a.length).toBeGreaterThan(10_000);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it("subscription payload files are byte-identical across runs", () => {
    const files = () => [...subscriptionFiles(synthesize(OPTS).events())];
    const a = files();
    const b = files();
    expect(a.length).toBeGreaterThan(10);
    expect(b.map((f) => f.name)).toEqual(a.map((f) => f.name));
    expect(Buffer.concat(a.map((f) => f.data)).equals(Buffer.concat(b.map((f) => f.data)))).toBe(true);
  });

  it("a shuffled S3 export is deterministic and holds the same lines as the sorted one", async () => {
    const shuffled = async () =>
      formatToBuffer("s3", synthesize(OPTS).events(), { s3: { shuffleWindow: 64, shuffleSeed: 9 } });
    const a = await shuffled();
    const b = await shuffled();
    const sorted = await render("s3", OPTS);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(sorted)).toBe(false);
    // XRAY continuation lines follow their REPORT, so compare records, not raw lines.
    const records = (buf: Buffer) => buf.toString().trimEnd().split(/\n(?=\d{4}-\d\d-\d\dT)/).sort();
    expect(records(a)).toEqual(records(sorted));
  });

  it("the truth is the same across runs and changes with the seed", () => {
    const truth = (seed: number) => {
      const run = synthesize({ ...OPTS, seed });
      for (const _ of run.events());
      return run.truth();
    };
    expect(truth(1)).toEqual(truth(1));
    expect(JSON.stringify(truth(1))).not.toBe(JSON.stringify(truth(2)));
  });

  it("simulating one function gives exactly its part of the fleet's output", async () => {
    const full = (await render("sam", OPTS)).toString().split("\n").filter(Boolean);
    const run = synthesize({ ...OPTS, only: ["thumbnailer"] });
    const alone = (await formatToBuffer("sam", run.events())).toString().split("\n").filter(Boolean);
    const streams = new Set(alone.map((l) => l.split(" ")[0]));
    expect(alone.length).toBeGreaterThan(100);
    expect(full.filter((l) => streams.has(l.split(" ")[0]))).toEqual(alone);
    const fullRun = synthesize(OPTS);
    for (const _ of fullRun.events());
    const { peakConcurrency: _p, ...fleetPart } = fullRun.truth().functions["thumbnailer"]!;
    const { peakConcurrency: _q, ...alonePart } = run.truth().functions["thumbnailer"]!;
    expect(alonePart).toEqual(fleetPart);
    expect(run.truth().functions["thumbnailer"]!.peakConcurrency).toBe(fullRun.truth().functions["thumbnailer"]!.peakConcurrency);
  });

  it("a run can be iterated once, and its truth is only available after that", () => {
    const run = synthesize({ invocations: 10, functions: 1 });
    expect(() => run.truth()).toThrow(/after all events/);
    for (const _ of run.events());
    expect(() => [...run.events()]).toThrow(/only once/);
    expect(run.truth().totals.invocations).toBe(10);
  });
});
