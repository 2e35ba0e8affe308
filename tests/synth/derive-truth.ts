// A deliberately naive re-derivation of the ground truth from rendered log text, written
// from the definitions in section 6 of the log reference. It shares no code with the
// generator's model, so agreement between the two checks both.

export interface RenderedEvent {
  fn: string;
  stream: string;
  timestamp: number;
  message: string;
}

export interface DerivedTruth {
  invocations: number;
  coldStarts: number;
  snapStartRestores: number;
  preInvokeInits: number;
  unusedInits: number;
  initFailures: { timeout: number; error: number };
  timeouts: number;
  peakConcurrency: number;
  gbSeconds: number;
  windowStartMs: number;
  windowEndMs: number;
  initStarts: number;
}

function field(line: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|\\t)${key}: ([^\\t\\n]+)`).exec(line);
  return m?.[1];
}

const centi = (v: string): number => Math.round(parseFloat(v) * 100);

export function derive(events: RenderedEvent[]): DerivedTruth {
  const out: DerivedTruth = {
    invocations: 0,
    coldStarts: 0,
    snapStartRestores: 0,
    preInvokeInits: 0,
    unusedInits: 0,
    initFailures: { timeout: 0, error: 0 },
    timeouts: 0,
    peakConcurrency: 0,
    gbSeconds: 0,
    windowStartMs: Infinity,
    windowEndMs: -Infinity,
    initStarts: 0,
  };
  const startTs = new Map<string, number>();
  const timedOut = new Set<string>();
  const reports = new Map<string, { stream: string; line: string }>();
  const streams = new Map<string, { initAt: number | null; firstStart: number | null; firstId: string | null }>();
  const stream = (s: string) => {
    let v = streams.get(s);
    if (!v) streams.set(s, (v = { initAt: null, firstStart: null, firstId: null }));
    return v;
  };
  for (const e of events) {
    out.windowStartMs = Math.min(out.windowStartMs, e.timestamp);
    out.windowEndMs = Math.max(out.windowEndMs, e.timestamp);
    const line = e.message;
    const key = `${e.fn}\u0000${e.stream}`;
    if (line.startsWith("INIT_START ")) {
      out.initStarts++;
      stream(key).initAt = e.timestamp;
    } else if (line.startsWith("INIT_REPORT ")) {
      const status = field(line, "Status") as "timeout" | "error";
      out.initFailures[status]++;
    } else if (line.startsWith("START RequestId: ")) {
      const id = line.slice(17, 53);
      startTs.set(id, e.timestamp);
      const s = stream(key);
      if (s.firstStart === null) {
        s.firstStart = e.timestamp;
        s.firstId = id;
      }
    } else if (line.startsWith("REPORT RequestId: ")) {
      reports.set(line.slice(18, 54), { stream: key, line });
    } else {
      const m = /^\S+ ([0-9a-f-]{36}) Task timed out after/.exec(line);
      if (m) timedOut.add(m[1]!);
    }
  }
  const memoryByFn = new Map<string, number>();
  const billedByFn = new Map<string, number>();
  const edges: [number, number][] = [];
  for (const [id, { stream: key, line }] of reports) {
    out.invocations++;
    const cold = field(line, "Init Duration") !== undefined || field(line, "Restore Duration") !== undefined;
    if (cold) out.coldStarts++;
    if (field(line, "Restore Duration") !== undefined) out.snapStartRestores++;
    if (field(line, "Status") === "timeout" || timedOut.has(id)) out.timeouts++;
    const fn = key.split("\u0000")[0]!;
    memoryByFn.set(fn, Number(field(line, "Memory Size")!.split(" ")[0]));
    const billed = Number(field(line, "Billed Duration")!.split(" ")[0]) + Number(field(line, "Billed Restore Duration")?.split(" ")[0] ?? 0);
    billedByFn.set(fn, (billedByFn.get(fn) ?? 0) + billed);
    const s = startTs.get(id)!;
    const d = centi(field(line, "Duration")!.split(" ")[0]!);
    edges.push([s * 100, 1], [s * 100 + d, -1]);
  }
  for (const s of streams.values()) {
    if (s.initAt === null) continue;
    if (s.firstId === null || !reports.has(s.firstId)) {
      out.unusedInits++;
      continue;
    }
    const first = reports.get(s.firstId)!.line;
    if (field(first, "Init Duration") === undefined || s.firstStart! - s.initAt > 10_000) out.preInvokeInits++;
  }
  // Half-open intervals: at equal instants, ends (-1) before starts (+1).
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  for (const [, delta] of edges) {
    open += delta;
    out.peakConcurrency = Math.max(out.peakConcurrency, open);
  }
  for (const [fn, billed] of billedByFn) out.gbSeconds += ((billed / 1000) * memoryByFn.get(fn)!) / 1024;
  return out;
}
