import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { parseCommandArgs, parsePositiveInt, UsageError } from "./args";
import {
  OUTPUT_FORMATS,
  carriesFunctionName,
  fileExtension,
  groundTruth,
  isOutputFormat,
  synthesize,
  writeFormat,
  writeSubscriptionFiles,
  type GroundTruth,
  type OutputFormat,
  type SynthOptions,
  type WriteOptions,
} from "../synth/index";

const USAGE = `Usage: lambdalens synth [options]

Writes a deterministic synthetic Lambda log export (same seed and options, same bytes)
and, with --truth, the ground truth computed from the generator's own model.

Options:
  --invocations N      total invocations across the fleet (default 10000)
  --functions N        functions taken from the built-in catalog (default 6)
  --function NAME      only this function of the fleet (repeatable); its events are the
                       same as in the full fleet's output
  --seed N             PRNG seed (default 1)
  --start ISO          start of the simulated range (default 2025-09-01T00:00:00Z)
  --hours H            length of the simulated range (default 24)
  --format F           ${OUTPUT_FORMATS.join(" | ")} (default s3)
  --out PATH           output file, or - for stdout (default -); a directory for
                       --format subscription (one .json.gz per payload) and --per-function
  --per-function       one file per function in the --out directory (text formats
                       carry no function name; without this they share one file)
  --gzip               gzip the output (firehose is always gzip)
  --truth PATH         write the ground truth JSON there
  --app-lines N        application log lines per invocation (default 1 to 3)
  --minimal            no XRAY/EXTENSION lines, old-style timeout lines or init failures
  --no-proactive       no environments initialized ahead of demand
  --shuffle N          s3 / json-log: shuffle events within a window of N (unsorted export)
  --blank-lines        s3 / json-log: an empty line after each record
  --multi-member       firehose: one gzip member per record, as Firehose stores them
  -h, --help           this text
`;

const OPTIONS = {
  invocations: { type: "string" },
  functions: { type: "string" },
  function: { type: "string", multiple: true },
  seed: { type: "string" },
  start: { type: "string" },
  hours: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  "per-function": { type: "boolean" },
  gzip: { type: "boolean" },
  truth: { type: "string" },
  "app-lines": { type: "string" },
  minimal: { type: "boolean" },
  "no-proactive": { type: "boolean" },
  shuffle: { type: "string" },
  "blank-lines": { type: "boolean" },
  "multi-member": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

interface SynthArgs {
  synth: SynthOptions;
  write: WriteOptions;
  format: OutputFormat;
  out: string;
  perFunction: boolean;
  truthPath: string | null;
  only: string[] | null;
}

function parseNonNegativeInt(v: string, flag: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag}: expected a whole number, got '${v}'`);
  return Number(v);
}

function readArgs(argv: string[]): SynthArgs | "help" {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, USAGE);
  if (values.help) return "help";
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'\n\n${USAGE}`);
  const format = values.format ?? "s3";
  if (!isOutputFormat(format)) throw new UsageError(`--format: expected one of ${OUTPUT_FORMATS.join(", ")}, got '${format}'`);
  let seed = 1;
  if (values.seed !== undefined) {
    if (!/^-?\d+$/.test(values.seed)) throw new UsageError(`--seed: expected an integer, got '${values.seed}'`);
    seed = Number(values.seed);
  }
  let hours: number | undefined;
  if (values.hours !== undefined) {
    hours = Number(values.hours);
    if (!(hours > 0)) throw new UsageError(`--hours: expected a positive number, got '${values.hours}'`);
  }
  if (values.start !== undefined && !Number.isFinite(Date.parse(values.start))) {
    throw new UsageError(`--start: expected an ISO date like 2025-09-01T00:00:00Z, got '${values.start}'`);
  }
  const out = values.out ?? "-";
  const perFunction = values["per-function"] === true;
  if ((format === "subscription" || perFunction) && out === "-") {
    throw new UsageError(`--out DIR is required with ${perFunction ? "--per-function" : "--format subscription"}`);
  }
  const extras = values.minimal !== true;
  return {
    synth: {
      seed,
      invocations: values.invocations !== undefined ? parseNonNegativeInt(values.invocations, "--invocations") : 10_000,
      functions: values.functions !== undefined ? parsePositiveInt(values.functions, "--functions") : 6,
      start: values.start,
      hours,
      appLines: values["app-lines"] !== undefined ? parseNonNegativeInt(values["app-lines"], "--app-lines") : undefined,
      extras,
      proactiveInits: values["no-proactive"] !== true,
    },
    write: {
      gzip: values.gzip === true,
      s3: {
        shuffleWindow: values.shuffle !== undefined ? parseNonNegativeInt(values.shuffle, "--shuffle") : 0,
        shuffleSeed: seed,
        blankLines: values["blank-lines"] === true,
      },
      firehoseMultiMember: values["multi-member"] === true,
    },
    format,
    out,
    perFunction,
    truthPath: values.truth ?? null,
    only: values.function && values.function.length > 0 ? values.function : null,
  };
}

async function openOut(path: string): Promise<{ stream: Writable; close: () => Promise<void> }> {
  if (path === "-") return { stream: process.stdout, close: async () => {} };
  await mkdir(dirname(path), { recursive: true });
  const stream = createWriteStream(path);
  return {
    stream,
    close: async () => {
      stream.end();
      await once(stream, "finish");
    },
  };
}

/** Writes one run (all selected functions) to a file, a directory (subscription) or stdout. */
async function writeRun(args: SynthArgs, only: string[] | null, out: string): Promise<{ bytes: number; truth: GroundTruth }> {
  const run = synthesize({ ...args.synth, ...(only ? { only } : {}) });
  if (args.format === "subscription") {
    const { bytes } = await writeSubscriptionFiles(run.events(), out, args.write.subscription);
    return { bytes, truth: run.truth() };
  }
  const { stream, close } = await openOut(out);
  try {
    const bytes = await writeFormat(args.format, run.events(), stream, args.write);
    return { bytes, truth: run.truth() };
  } finally {
    await close();
  }
}

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;
}

export async function synthCommand(argv: string[]): Promise<number> {
  const started = performance.now();
  let args: SynthArgs | "help";
  try {
    args = readArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`lambdalens synth: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    let bytes = 0;
    let truth: GroundTruth;
    if (args.perFunction) {
      const names = args.only ?? synthesize(args.synth).functions.map((f) => f.name);
      const ext = fileExtension(args.format, args.write.gzip);
      for (const name of names) {
        const target = args.format === "subscription" ? join(args.out, name) : join(args.out, `${name}${ext}`);
        bytes += (await writeRun(args, [name], target)).bytes;
      }
      // Fleet-wide peak concurrency needs all selected functions in one run.
      truth = groundTruth({ ...args.synth, ...(args.only ? { only: args.only } : {}) });
    } else {
      ({ bytes, truth } = await writeRun(args, args.only, args.out));
    }
    if (args.truthPath) {
      await mkdir(dirname(args.truthPath), { recursive: true });
      await writeFile(args.truthPath, `${JSON.stringify(truth, null, 2)}\n`);
    }
    const t = truth.totals;
    const fnCount = Object.keys(truth.functions).length;
    const mixed = fnCount > 1 && !args.perFunction && !carriesFunctionName(args.format) ? " (functions share one file)" : "";
    process.stderr.write(
      `lambdalens synth: ${t.invocations} invocations, ${fnCount} functions, seed ${truth.seed}, ${args.format}: ` +
        `${t.coldStarts} cold starts, ${t.preInvokeInits} pre-invoke inits, ${t.unusedInits} unused, ${t.timeouts} timeouts, ` +
        `peak concurrency ${t.peakConcurrency}; ${formatBytes(bytes)} to ${args.out === "-" ? "stdout" : args.out}${mixed} ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`lambdalens synth: ${(e as Error).message}\n`);
    return 1;
  }
}
