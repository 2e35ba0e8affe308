import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { IngestSummary } from "../pipeline/ingest-file";

export interface IngestProgressEvent {
  bytes: number;
  totalBytes: number | null;
  records: number;
  stored: number;
}

export type IngestOutcome = { kind: "done"; summary: IngestSummary } | { kind: "failed"; message: string };

/** The folder holding bin/lambdalens.js: where the server was started, or above it. */
export function projectRoot(start = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, "bin", "lambdalens.js"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`bin/lambdalens.js not found in ${start} or above it; start the server from the lambdalens folder`);
    dir = up;
  }
}

/**
 * Runs `lambdalens ingest --ndjson FILE` (same database: the environment is passed on)
 * and reports its progress lines as they come.
 */
export function runIngest(file: string, functionName: string | null, onProgress: (p: IngestProgressEvent) => void): Promise<IngestOutcome> {
  const args = [path.join(projectRoot(), "bin", "lambdalens.js"), "ingest", "--ndjson", "--force", ...(functionName ? ["--function", functionName] : []), file];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let summary: IngestSummary | null = null;
    let error: string | null = null;
    let stderr = "";
    createInterface({ input: child.stdout }).on("line", (line) => {
      let e: { type?: string } & Record<string, unknown>;
      try {
        e = JSON.parse(line);
      } catch {
        return;
      }
      if (e.type === "progress") onProgress({ bytes: Number(e.bytes), totalBytes: e.totalBytes === null ? null : Number(e.totalBytes), records: Number(e.records), stored: Number(e.stored) });
      else if (e.type === "file") summary = e as unknown as IngestSummary;
      else if (e.type === "error") error = String(e.message);
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 64_000) stderr += d.toString();
    });
    child.on("error", (e) => resolve({ kind: "failed", message: `could not start the ingester: ${e.message}` }));
    child.on("close", (code) => {
      if (summary && code === 0) resolve({ kind: "done", summary });
      else resolve({ kind: "failed", message: error ?? lastLine(stderr) ?? `the ingester stopped (exit code ${code})` });
    });
  });
}

function lastLine(text: string): string | null {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("note:") && !l.startsWith("warning:"));
  return lines.length ? lines[lines.length - 1].replace(/^lambdalens ingest: /, "") : null;
}
