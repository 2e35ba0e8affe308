// The fleet of imaginary functions the generator draws from. Each entry fixes the
// configuration (memory, timeout, runtime) and the behaviour (duration, traffic share,
// failure rates) of one function; names repeat with a suffix beyond the catalog.

export type AppLogStyle = "nodejs" | "python" | "java" | "plain";

export interface FunctionTemplate {
  name: string;
  runtime: string;
  /** Runtime Version as printed by INIT_START / RESTORE_START. */
  runtimeVersion: string;
  memoryMB: number;
  timeoutMs: number;
  /** Median duration of a warm invocation, ms (lognormal). */
  medianMs: number;
  /** Shape of the lognormal duration. */
  sigma: number;
  /** Relative share of the fleet's invocations. */
  weight: number;
  /** Median init duration, ms. */
  initMedianMs: number;
  /** Fraction of invocations that run into the timeout. */
  timeoutRate: number;
  /** Fraction of on-demand inits that fail (INIT_REPORT Status: timeout or error). */
  initFailureRate: number;
  /** Diurnal amplitude (0 = flat traffic, 0.9 = almost nothing at night). */
  diurnal: number;
  /** Expected traffic bursts per day. */
  burstsPerDay: number;
  appLogStyle: AppLogStyle;
  appMessages: readonly string[];
  snapStart?: boolean;
  /** Published version used by SnapStart functions (`[12]` streams, `Version: 12`). */
  version?: string;
  /** REPORT followed by an XRAY line in the same event. */
  xray?: boolean;
  /** An extension that logs an EXTENSION line at each init. */
  extension?: string;
  baseMemoryUsedMB: number;
}

export const FUNCTION_CATALOG: readonly FunctionTemplate[] = [
  {
    name: "orders-api",
    runtime: "nodejs20.x",
    runtimeVersion: "nodejs:20.v48",
    memoryMB: 512,
    timeoutMs: 10_000,
    medianMs: 48,
    sigma: 0.6,
    weight: 30,
    initMedianMs: 310,
    timeoutRate: 0.0004,
    initFailureRate: 0,
    diurnal: 0.6,
    burstsPerDay: 3,
    appLogStyle: "nodejs",
    appMessages: ["order accepted", "loaded cart from dynamodb", "payment intent created"],
    xray: true,
    extension: "otel-collector",
    baseMemoryUsedMB: 92,
  },
  {
    name: "thumbnailer",
    runtime: "python3.12",
    runtimeVersion: "python:3.12.v62",
    memoryMB: 1024,
    timeoutMs: 30_000,
    medianMs: 820,
    sigma: 0.5,
    weight: 8,
    initMedianMs: 780,
    timeoutRate: 0.001,
    initFailureRate: 0.03,
    diurnal: 0.5,
    burstsPerDay: 4,
    appLogStyle: "python",
    appMessages: ["resized image to 256x256", "fetched object from s3", "wrote thumbnail"],
    baseMemoryUsedMB: 180,
  },
  {
    name: "auth-authorizer",
    runtime: "nodejs22.x",
    runtimeVersion: "nodejs:22.v50",
    memoryMB: 128,
    timeoutMs: 3_000,
    medianMs: 7,
    sigma: 0.7,
    weight: 25,
    initMedianMs: 190,
    timeoutRate: 0.0002,
    initFailureRate: 0,
    diurnal: 0.6,
    burstsPerDay: 3,
    appLogStyle: "nodejs",
    appMessages: ["token verified", "policy cached"],
    baseMemoryUsedMB: 64,
  },
  {
    name: "payments-webhook",
    runtime: "python3.11",
    runtimeVersion: "python:3.11.v70",
    memoryMB: 256,
    timeoutMs: 6_000,
    medianMs: 130,
    sigma: 0.55,
    weight: 12,
    initMedianMs: 420,
    timeoutRate: 0.002,
    initFailureRate: 0.02,
    diurnal: 0.4,
    burstsPerDay: 2,
    appLogStyle: "python",
    appMessages: ["webhook signature ok", "event charge.succeeded stored"],
    baseMemoryUsedMB: 76,
  },
  {
    name: "report-builder",
    runtime: "java21",
    runtimeVersion: "java:21.v31",
    memoryMB: 2048,
    timeoutMs: 120_000,
    medianMs: 2_400,
    sigma: 0.5,
    weight: 3,
    initMedianMs: 3_100,
    timeoutRate: 0.001,
    initFailureRate: 0,
    diurnal: 0.7,
    burstsPerDay: 1,
    appLogStyle: "java",
    appMessages: ["ReportService:88 - rendering report", "S3Writer:41 - uploaded pdf"],
    snapStart: true,
    version: "12",
    baseMemoryUsedMB: 210,
  },
  {
    name: "email-sender",
    runtime: "python3.12",
    runtimeVersion: "python:3.12.v62",
    memoryMB: 256,
    timeoutMs: 15_000,
    medianMs: 310,
    sigma: 0.45,
    weight: 6,
    initMedianMs: 520,
    timeoutRate: 0.001,
    initFailureRate: 0.01,
    diurnal: 0.5,
    burstsPerDay: 2,
    appLogStyle: "plain",
    appMessages: ["sent message via ses", "template rendered"],
    baseMemoryUsedMB: 70,
  },
  {
    name: "search-indexer",
    runtime: "python3.12",
    runtimeVersion: "python:3.12.v62",
    memoryMB: 512,
    timeoutMs: 60_000,
    medianMs: 420,
    sigma: 0.6,
    weight: 8,
    initMedianMs: 640,
    timeoutRate: 0.001,
    initFailureRate: 0.02,
    diurnal: 0.3,
    burstsPerDay: 5,
    appLogStyle: "python",
    appMessages: ["indexed 25 documents", "opensearch bulk ok"],
    baseMemoryUsedMB: 120,
  },
  {
    name: "inventory-sync",
    runtime: "nodejs20.x",
    runtimeVersion: "nodejs:20.v48",
    memoryMB: 1024,
    timeoutMs: 300_000,
    medianMs: 4_200,
    sigma: 0.4,
    weight: 1.5,
    initMedianMs: 360,
    timeoutRate: 0.003,
    initFailureRate: 0,
    diurnal: 0.2,
    burstsPerDay: 6,
    appLogStyle: "nodejs",
    appMessages: ["synced 120 skus", "warehouse api page fetched"],
    baseMemoryUsedMB: 150,
  },
  {
    name: "nightly-etl",
    runtime: "python3.12",
    runtimeVersion: "python:3.12.v62",
    memoryMB: 3008,
    timeoutMs: 900_000,
    medianMs: 45_000,
    sigma: 0.5,
    weight: 0.2,
    initMedianMs: 1_400,
    timeoutRate: 0.02,
    initFailureRate: 0.05,
    diurnal: 0.9,
    burstsPerDay: 1,
    appLogStyle: "python",
    appMessages: ["batch committed", "read partition from athena"],
    baseMemoryUsedMB: 900,
  },
  {
    name: "image-moderation",
    runtime: "python3.12",
    runtimeVersion: "python:3.12.v62",
    memoryMB: 2048,
    timeoutMs: 30_000,
    medianMs: 640,
    sigma: 0.5,
    weight: 4,
    initMedianMs: 2_100,
    timeoutRate: 0.001,
    initFailureRate: 0.03,
    diurnal: 0.5,
    burstsPerDay: 3,
    appLogStyle: "python",
    appMessages: ["rekognition labels fetched", "image approved"],
    baseMemoryUsedMB: 400,
  },
  {
    name: "notifications-fanout",
    runtime: "nodejs22.x",
    runtimeVersion: "nodejs:22.v50",
    memoryMB: 256,
    timeoutMs: 20_000,
    medianMs: 90,
    sigma: 0.6,
    weight: 7,
    initMedianMs: 240,
    timeoutRate: 0.0005,
    initFailureRate: 0,
    diurnal: 0.5,
    burstsPerDay: 4,
    appLogStyle: "nodejs",
    appMessages: ["published to 3 topics", "skipped muted subscriber"],
    baseMemoryUsedMB: 80,
  },
  {
    name: "pdf-renderer",
    runtime: "java21",
    runtimeVersion: "java:21.v31",
    memoryMB: 3009,
    timeoutMs: 60_000,
    medianMs: 900,
    sigma: 0.5,
    weight: 2,
    initMedianMs: 2_800,
    timeoutRate: 0.001,
    initFailureRate: 0,
    diurnal: 0.6,
    burstsPerDay: 2,
    appLogStyle: "java",
    appMessages: ["PdfHandler:57 - page laid out", "PdfHandler:90 - pdf stored"],
    baseMemoryUsedMB: 260,
  },
];

/** Catalog names in order; beyond the catalog, names repeat with -2, -3, ... */
export function catalogTemplates(count: number): FunctionTemplate[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`function count must be a positive integer, got ${count}`);
  const out: FunctionTemplate[] = [];
  for (let i = 0; i < count; i++) {
    const base = FUNCTION_CATALOG[i % FUNCTION_CATALOG.length] as FunctionTemplate;
    const round = Math.floor(i / FUNCTION_CATALOG.length);
    out.push(round === 0 ? base : { ...base, name: `${base.name}-${round + 1}` });
  }
  return out;
}
