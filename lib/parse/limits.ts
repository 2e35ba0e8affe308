/**
 * How large one piece of input may be. A CloudWatch Logs event is at most 1 MB (256 KB
 * before 2025) and a subscription payload a few MB, so these leave room for any real
 * export while keeping memory bounded (well under 500 MB) whatever a file holds.
 */

const MiB = 1024 * 1024;

/** A text line: longer ones are cut, their start read and the rest dropped. */
export const MAX_LINE_BYTES = 16 * MiB;

/** A CSV record (all its fields): longer ones are skipped, however they end. */
export const MAX_CSV_RECORD_CHARS = 16 * MiB;

/** A JSON value the scanner hands to JSON.parse (an event, a member, an Insights row). */
export const MAX_JSON_VALUE_BYTES = 16 * MiB;

/**
 * Objects, arrays and list items in one such value: JSON.parse makes an object of each,
 * and a megabyte of `{},` becomes twenty megabytes of heap.
 */
export const MAX_JSON_VALUE_ITEMS = 1_000_000;

/** Parsed events held back until their document's logGroup / messageType is known. */
export const MAX_PENDING_EVENTS = 20_000;
export const MAX_PENDING_BYTES = 32 * MiB;

/** A JSON log line read as a `platform.*` event: it is one CloudWatch event. */
export const MAX_JSON_LINE_BYTES = 1 * MiB;

/** A subscription payload inside an event (`awslogs.data`), once inflated. */
export const MAX_PAYLOAD_BYTES = 64 * MiB;

/** Documents and payloads nested inside events (`{"events":[{"events":[...]}]}`), levels deep. */
export const MAX_EVENT_NESTING = 8;
