/**
 * The Amazon Data Firehose HTTP endpoint delivery protocol (version 1.0), for a delivery
 * stream whose source is a CloudWatch Logs subscription filter. A request is
 * `{"requestId", "timestamp", "records": [{"data": base64}]}`, maybe gzipped
 * (`Content-Encoding: gzip`), authenticated by `X-Amz-Firehose-Access-Key`; the answer is
 * `{"requestId", "timestamp"}` with 200, or with `errorMessage` and another status, after
 * which Firehose retries the same request (same id) and finally backs it up to S3. Each
 * record is one subscription payload: gzip of JSON (or plain JSON when the stream
 * decompresses CloudWatch Logs records itself). No database code here.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { z } from "zod";

export const FIREHOSE_ACCESS_KEY_ENV = "LAMBDALENS_FIREHOSE_ACCESS_KEY";
/** The body as sent, and once decompressed: a buffer of 48 MiB of records, base64-encoded (the README asks for 32 at most). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** One subscription payload decompressed (CloudWatch Logs batches are at most 1 MiB of events). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** A delivery refused, with the status and the message Firehose logs for it. */
export class FirehoseRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly requestId: string,
  ) {
    super(message);
  }
}

export interface SubscriptionPayload {
  messageType: string;
  logGroup: string;
  logStream: string;
  logEvents: { id?: string; timestamp: number; message: string }[];
}

export interface Delivery {
  requestId: string;
  /** Each record's data, as sent (decoded one at a time by `payloads`, so memory holds one inflated payload). */
  records: string[];
}

const requestSchema = z.object({
  requestId: z.string().min(1),
  timestamp: z.number(),
  records: z.array(z.object({ data: z.string() })),
});

const payloadSchema = z.object({
  messageType: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  logEvents: z.array(z.object({ id: z.string().optional(), timestamp: z.number(), message: z.string() })).default([]),
});

function digest(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

/** Compares in time independent of where the two differ, and of their lengths. */
export function accessKeyMatches(given: string | null, expected: string): boolean {
  return timingSafeEqual(digest(given ?? ""), digest(expected)) && given !== null;
}

/** The body, read no further than MAX_BODY_BYTES. */
async function readBody(request: Request, requestId: string): Promise<Buffer> {
  const tooLarge = () => new FirehoseRefusal(413, `request body larger than ${MAX_BODY_BYTES} bytes; lower the delivery stream's buffer size (BufferingHints SizeInMBs)`, requestId);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  const body = Buffer.concat(chunks);
  const encoding = request.headers.get("content-encoding")?.trim().toLowerCase();
  if (!encoding || encoding === "identity") return body;
  if (encoding !== "gzip") throw new FirehoseRefusal(415, `unsupported Content-Encoding '${encoding}' (gzip or none)`, requestId);
  try {
    return gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES });
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
    throw new FirehoseRefusal(400, "the body is not valid gzip although Content-Encoding says gzip", requestId);
  }
}

/** One record's data: base64 of (gzip of) a subscription payload. */
export function decodeRecord(data: string): SubscriptionPayload {
  let bytes = Buffer.from(data, "base64");
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_RECORD_BYTES });
    } catch (e) {
      throw new Error((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? `inflates past ${MAX_RECORD_BYTES} bytes` : "not valid gzip");
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new Error("not base64 of (gzipped) JSON");
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new Error("JSON, but not a CloudWatch Logs subscription payload (messageType, logGroup, logStream, logEvents)");
  return parsed.data;
}

/**
 * Checks and reads one delivery request: the access key first (nothing is read without
 * it), then the size, encoding and shape of the body, then each record. Throws
 * FirehoseRefusal for a request to refuse whole; its records are read by `payloads`.
 */
export async function readDelivery(request: Request, accessKey: string | undefined): Promise<Delivery> {
  const headerId = request.headers.get("x-amz-firehose-request-id") ?? "";
  if (!accessKey) {
    throw new FirehoseRefusal(503, `Firehose delivery is not enabled on this lambdalens server: set ${FIREHOSE_ACCESS_KEY_ENV} to the delivery stream's access key and restart it`, headerId);
  }
  if (!accessKeyMatches(request.headers.get("x-amz-firehose-access-key"), accessKey)) {
    throw new FirehoseRefusal(401, `wrong or missing X-Amz-Firehose-Access-Key: the delivery stream's access key must equal ${FIREHOSE_ACCESS_KEY_ENV} on the server`, headerId);
  }
  const body = await readBody(request, headerId);
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw new FirehoseRefusal(400, "the body is not JSON", headerId);
  }
  const parsed = requestSchema.safeParse(json);
  if (!parsed.success) {
    const requestId = typeof (json as { requestId?: unknown } | null)?.requestId === "string" ? (json as { requestId: string }).requestId : headerId;
    throw new FirehoseRefusal(400, 'the body is not a Firehose delivery: {"requestId": string, "timestamp": number, "records": [{"data": base64}]}', requestId);
  }
  return { requestId: parsed.data.requestId, records: parsed.data.records.map((r) => r.data) };
}

/** A delivery's DATA_MESSAGE payloads in record order (CONTROL_MESSAGEs left out), or why a record is not one. */
export function* payloads(delivery: Delivery): Generator<{ index: number; payload: SubscriptionPayload } | { index: number; unreadable: string }> {
  for (let index = 0; index < delivery.records.length; index++) {
    let payload: SubscriptionPayload;
    try {
      payload = decodeRecord(delivery.records[index]);
    } catch (e) {
      yield { index, unreadable: (e as Error).message };
      continue;
    }
    if (payload.messageType !== "CONTROL_MESSAGE") yield { index, payload };
  }
}

/** The answer Firehose expects: 200 with the request id, or an error with its message. */
export function firehoseResponse(requestId: string, error?: { status: number; message: string }): Response {
  const body = error ? { requestId, timestamp: Date.now(), errorMessage: error.message } : { requestId, timestamp: Date.now() };
  return Response.json(body, { status: error?.status ?? 200, headers: { "cache-control": "no-store" } });
}
