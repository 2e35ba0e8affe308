import path from "node:path";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { once } from "node:events";
import { checkAccess } from "../auth/access";
import { env } from "../config/env";
import { DEFAULT_SQLITE_PATH } from "../store/database-url";
import { receiveToFile, safeFileName, UploadTooLarge } from "../sources/upload-receiver";
import { synthesize, writeFormat } from "../synth/index";
import { jsonError } from "../http/json";
import { uploadQueue } from "./uploads";
import { defaultFunctionName } from "./file-names";

function uploadDir(): string {
  return env().LAMBDALENS_UPLOAD_DIR ?? path.join(path.dirname(DEFAULT_SQLITE_PATH), "uploads");
}

/** Uploads and their status bypass the proxy (it would buffer bodies), so they check access here, the same way. */
export function denied(request: Request): Response | null {
  const url = new URL(request.url);
  const cookies = new Map((request.headers.get("cookie") ?? "").split(";").map((c) => c.trim().split("=") as [string, string]));
  const r = checkAccess({ method: request.method, url: url.toString(), header: (n) => request.headers.get(n), cookie: (n) => cookies.get(n) });
  return r.ok ? null : jsonError(r.status, r.message);
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * PUT/POST of one file's bytes (any format `analyze` reads, gzip included): streamed to
 * disk, then ingested in turn. Answers 202 with the upload's id at once (poll
 * /api/uploads/ID), or with `?wait=1` when it is stored, with the result.
 */
export async function receiveUpload(request: Request, fileNameParam: string | null): Promise<Response> {
  const refused = denied(request);
  if (refused) return refused;
  const url = new URL(request.url);
  const fileName = fileNameParam ?? url.searchParams.get("name");
  if (!fileName) return jsonError(400, "name the file: PUT /api/uploads/FILE_NAME or /api/uploads?name=FILE_NAME (curl -T FILE http://HOST/api/uploads/ does this)");
  const fn = url.searchParams.get("function") ?? defaultFunctionName(fileName);
  if (fn.length === 0 || fn.length > 256 || CONTROL.test(fn)) return jsonError(400, "function: expected a name of 1 to 256 characters without control characters");
  if (!request.body) return jsonError(400, `${fileName}: the request has no body; send the file's bytes (curl -T FILE URL)`);
  const max = env().LAMBDALENS_UPLOAD_MAX_BYTES;
  const declared = request.headers.get("content-length") === null ? null : Number(request.headers.get("content-length"));
  if (declared !== null && declared > max) {
    return jsonError(413, `${fileName}: ${declared.toLocaleString("en-US")} bytes is over the upload limit of ${max.toLocaleString("en-US")} bytes; raise LAMBDALENS_UPLOAD_MAX_BYTES, or ingest it with 'npx lambdalens ingest FILE'`);
  }
  const queue = uploadQueue();
  const upload = queue.create(fileName, fn, declared);
  const file = path.join(uploadDir(), upload.id, safeFileName(fileName));
  try {
    await receiveToFile(request.body, file, max, (n) => queue.received(upload.id, n));
  } catch (e) {
    const message = e instanceof UploadTooLarge ? `${fileName}: ${e.message}` : `${fileName}: the upload broke off after ${queue.get(upload.id)?.received ?? 0} bytes (${(e as Error).message}); send it again`;
    queue.fail(upload.id, message);
    return jsonError(e instanceof UploadTooLarge ? 413 : 400, message);
  }
  const done = queue.enqueue(upload.id, file);
  if (url.searchParams.get("wait") === "1") {
    const u = await done;
    return Response.json(u, { status: u.state === "done" ? 200 : 422 });
  }
  return Response.json(queue.get(upload.id), { status: 202 });
}

/** Writes a synthetic fleet's logs (the last 24 hours, 6 functions) and queues them like an upload. */
export async function loadDemoData(now = Date.now()): Promise<Response> {
  const queue = uploadQueue();
  const upload = queue.create("demo-fleet.gz", null, null);
  const file = path.join(uploadDir(), upload.id, "demo-fleet.gz");
  await mkdir(path.dirname(file), { recursive: true });
  const run = synthesize({ invocations: 60_000, functions: 6, seed: 7, start: Math.floor((now - 86_400_000) / 60_000) * 60_000, hours: 24 });
  const out = createWriteStream(file);
  await writeFormat("firehose", run.events(), out);
  out.end();
  await once(out, "finish");
  void queue.enqueue(upload.id, file);
  return Response.json(queue.get(upload.id), { status: 202 });
}
