import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { IngestSummary } from "../pipeline/ingest-file";
import { runIngest } from "./ingest-process";

export type UploadState = "receiving" | "queued" | "ingesting" | "done" | "failed";

/** One uploaded file, from its first byte to its ingest result (what the upload page polls). */
export interface Upload {
  id: string;
  fileName: string;
  functionName: string | null;
  state: UploadState;
  /** bytes the client said it would send (Content-Length), when it said */
  size: number | null;
  received: number;
  ingest: { bytes: number; totalBytes: number | null; records: number; stored: number } | null;
  result: Pick<IngestSummary, "lines" | "records" | "stored" | "duplicates" | "initEvents" | "skipped" | "issues" | "warnings"> | null;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
}

const KEEP = 200;

/**
 * Uploads of this server process: received files wait in a queue and are ingested one
 * at a time (SQLite has one writer, and one ingest already keeps two cores busy), each
 * by `lambdalens ingest` in a process of its own, so a file that breaks the parser or
 * fills memory cannot take the web server down with it. A file is removed once it is
 * stored; results stay for the upload page to show.
 */
export class UploadQueue {
  private readonly uploads = new Map<string, Upload & { file?: string }>();
  private chain: Promise<void> = Promise.resolve();

  create(fileName: string, functionName: string | null, size: number | null): Upload {
    const id = `u${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
    const u: Upload = { id, fileName, functionName, state: "receiving", size, received: 0, ingest: null, result: null, error: null, createdAt: Date.now(), finishedAt: null };
    this.uploads.set(id, u);
    this.trim();
    return u;
  }

  get(id: string): Upload | undefined {
    const u = this.uploads.get(id);
    if (!u) return undefined;
    const { file: _file, ...rest } = u;
    return structuredClone(rest);
  }

  list(): Upload[] {
    return [...this.uploads.keys()].reverse().map((id) => this.get(id)!);
  }

  received(id: string, bytes: number): void {
    const u = this.uploads.get(id);
    if (u) u.received = bytes;
  }

  fail(id: string, message: string): void {
    const u = this.uploads.get(id);
    if (!u) return;
    u.state = "failed";
    u.error = message;
    u.finishedAt = Date.now();
  }

  /** Queues a received file for ingestion; the promise settles when it is stored (or failed). */
  enqueue(id: string, file: string): Promise<Upload> {
    const u = this.uploads.get(id)!;
    u.state = "queued";
    u.file = file;
    const done = this.chain.then(() => this.ingest(u, file));
    this.chain = done.then(
      () => undefined,
      () => undefined,
    );
    return done.then(() => this.get(id)!);
  }

  private async ingest(u: Upload, file: string): Promise<void> {
    u.state = "ingesting";
    u.ingest = { bytes: 0, totalBytes: null, records: 0, stored: 0 };
    const shown = (m: string) => m.split(file).join(u.fileName);
    try {
      const r = await runIngest(file, u.functionName, (p) => (u.ingest = p));
      if (r.kind === "failed") {
        u.state = "failed";
        u.error = shown(r.message);
        return;
      }
      const s = r.summary;
      if (s.records === 0) {
        u.state = "failed";
        const why = s.warnings.length ? ` (${shown(s.warnings[0])})` : "";
        u.error = `${u.fileName}: no Lambda platform lines (START, REPORT, INIT_START, platform.*) in its ${s.lines.toLocaleString("en-US")} lines${why}; is it a CloudWatch log export of a Lambda function? Nothing was stored.`;
        return;
      }
      u.result = {
        lines: s.lines,
        records: s.records,
        stored: s.stored,
        duplicates: s.duplicates,
        initEvents: s.initEvents,
        skipped: s.skipped,
        issues: s.issues.slice(0, 10).map((i) => ({ ...i, source: u.fileName, reason: shown(i.reason) })),
        warnings: s.warnings.map(shown),
      };
      u.ingest.bytes = s.bytes;
      u.ingest.totalBytes ??= s.bytes;
      u.state = "done";
    } finally {
      u.finishedAt = Date.now();
      await rm(path.dirname(file), { recursive: true, force: true });
    }
  }

  private trim(): void {
    for (const [id, u] of this.uploads) {
      if (this.uploads.size <= KEEP) break;
      if (u.state === "done" || u.state === "failed") this.uploads.delete(id);
    }
  }
}

const globalForUploads = globalThis as unknown as { lambdalensUploads?: UploadQueue };

/** The web server's one queue. */
export function uploadQueue(): UploadQueue {
  return (globalForUploads.lambdalensUploads ??= new UploadQueue());
}
