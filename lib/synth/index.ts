// Public API of the deterministic synthetic Lambda log generator.

export { FUNCTION_CATALOG, catalogTemplates, type FunctionTemplate, type AppLogStyle } from "./catalog";
export type { SynthEvent, SynthEventKind, SynthFunction, InvocationStatus } from "./events";
export {
  DEFAULT_START,
  SYNTH_VERSION,
  SynthRun,
  fleetFunctions,
  groundTruth,
  resolveOptions,
  synthesize,
  type ResolvedOptions,
  type SynthOptions,
} from "./fleet";
export { formatCenti, jsonMessage, renderMessage, textMessage, type MessageFormat } from "./messages";
export {
  OUTPUT_FORMATS,
  carriesFunctionName,
  fileExtension,
  formatChunks,
  formatToBuffer,
  isOutputFormat,
  writeFormat,
  writeSubscriptionFiles,
  type OutputFormat,
  type WriteOptions,
} from "./output";
export { Rng, hashString } from "./random";
export type { FunctionTruth, GroundTruth, InitFailureCounts, TruthCounters } from "./truth";
export { chunked } from "./writers/chunks";
export { filterLogEventsJson } from "./writers/filter-json";
export {
  controlMessage,
  firehoseRecords,
  subscriptionFiles,
  subscriptionPayloadTexts,
  subscriptionPayloads,
  type SubscriptionLogEvent,
  type SubscriptionOptions,
  type SubscriptionPayload,
} from "./writers/subscription";
export {
  jsonLogLines,
  locallyShuffled,
  plainLines,
  s3Lines,
  samLines,
  tailLines,
  type LineOptions,
  type S3Options,
} from "./writers/text-lines";
