"use client";

import { useRef, useState } from "react";
import Link from "next/link";
import type { Upload } from "@/lib/dashboard/uploads";
import { formatValue } from "@/lib/charts/format";
import { defaultFunctionName } from "@/lib/dashboard/file-names";

interface Item {
  key: string;
  file: File;
  functionName: string;
  phase: "ready" | "uploading" | "ingesting" | "done" | "failed";
  sent: number;
  upload: Upload | null;
  error: string | null;
}


const bytes = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);

function put(item: Item, onProgress: (sent: number) => void): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const q = new URLSearchParams({ name: item.file.name, function: item.functionName });
    xhr.open("PUT", `/api/uploads?${q}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      let body: { error?: string } & Partial<Upload> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: said below */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Upload);
      else reject(new Error(body.error ?? `the server answered ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error("the connection to the server broke off; try again"));
    xhr.send(item.file);
  });
}

async function poll(id: string, onUpdate: (u: Upload) => void): Promise<Upload> {
  for (;;) {
    const res = await fetch(`/api/uploads/${id}`, { cache: "no-store" });
    const u = (await res.json()) as Upload & { error?: string };
    if (!res.ok) throw new Error(u.error ?? `the server answered ${res.status}`);
    onUpdate(u);
    if (u.state === "done" || u.state === "failed") return u;
    await new Promise((r) => setTimeout(r, 400));
  }
}

/** Drop or pick exports; each is streamed to the server and ingested, with its own progress and result. */
export function UploadArea({ maxBytes }: { maxBytes: number }) {
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const update = (key: string, patch: Partial<Item>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));

  const add = (files: FileList | null) => {
    if (!files) return;
    const next = [...files].map((file, i) => ({
      key: `${Date.now()}-${i}-${file.name}`,
      file,
      functionName: defaultFunctionName(file.name),
      phase: "ready" as const,
      sent: 0,
      upload: null,
      error: file.size > maxBytes ? `${bytes(file.size)} is over the upload limit of ${bytes(maxBytes)}; ingest it with: npx lambdalens ingest ${file.name}` : null,
    }));
    setItems((xs) => [...xs.filter((x) => x.phase !== "ready" || x.error === null), ...next]);
  };

  const start = async () => {
    setBusy(true);
    for (const item of items) {
      if (item.phase !== "ready" || item.error) continue;
      try {
        update(item.key, { phase: "uploading" });
        const u = await put(item, (sent) => update(item.key, { sent }));
        update(item.key, { phase: "ingesting", sent: item.file.size, upload: u });
        const done = await poll(u.id, (x) => update(item.key, { upload: x }));
        update(item.key, { phase: done.state === "done" ? "done" : "failed", upload: done, error: done.error });
      } catch (e) {
        update(item.key, { phase: "failed", error: (e as Error).message });
      }
    }
    setBusy(false);
  };

  const ready = items.filter((x) => x.phase === "ready" && !x.error).length;
  const anyDone = items.some((x) => x.phase === "done");
  return (
    <div className="upload">
      <div
        className={`dropzone ${over ? "over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          add(e.dataTransfer.files);
        }}
      >
        <p>
          <strong>Drop log exports here</strong> or{" "}
          <button type="button" className="link-button" onClick={() => input.current?.click()}>
            choose files
          </button>
        </p>
        <p className="muted">
          Any format <code>lambdalens analyze</code> reads: S3 exports, <code>aws logs tail</code>, <code>sam logs</code>, filter-log-events JSON, subscription and Firehose payloads,
          Logs Insights, console CSV; gzip or not. Up to {bytes(maxBytes)} each.
        </p>
        <input ref={input} type="file" multiple hidden aria-label="Log export files" onChange={(e) => add(e.target.files)} data-testid="file-input" />
      </div>
      {items.length > 0 && (
        <ul className="upload-list">
          {items.map((x) => (
            <li key={x.key} className={`upload-item ${x.phase}`} data-upload-file={x.file.name}>
              <div className="upload-row">
                <span className="upload-name">{x.file.name}</span>
                <span className="muted">{bytes(x.file.size)}</span>
                <label className="upload-fn">
                  <span>function</span>
                  <input
                    value={x.functionName}
                    disabled={x.phase !== "ready"}
                    onChange={(e) => update(x.key, { functionName: e.target.value })}
                    aria-label={`Function name for ${x.file.name}`}
                    title="Used for records whose lines name no function"
                  />
                </label>
                {x.phase === "ready" && (
                  <button type="button" className="link-button" onClick={() => setItems((xs) => xs.filter((y) => y.key !== x.key))}>
                    remove
                  </button>
                )}
              </div>
              {(x.phase === "uploading" || x.phase === "ingesting" || x.phase === "done") && (
                <div className="bars">
                  <label>
                    upload <progress max={x.file.size || 1} value={x.sent} /> {Math.round((x.sent / (x.file.size || 1)) * 100)}%
                  </label>
                  <label>
                    ingest{" "}
                    <progress
                      max={x.upload?.ingest?.totalBytes ?? x.file.size ?? 1}
                      value={x.phase === "done" ? (x.upload?.ingest?.totalBytes ?? 1) : (x.upload?.ingest?.bytes ?? 0)}
                    />{" "}
                    {x.upload?.ingest ? `${formatValue(x.upload.ingest.records, "count")} records` : x.upload?.state === "queued" ? "waiting for the ingest before it" : ""}
                  </label>
                </div>
              )}
              {x.phase === "done" && x.upload?.result && (
                <p className="upload-result" role="status">
                  Stored {formatValue(x.upload.result.stored, "count")} invocations, {formatValue(x.upload.result.duplicates, "count")} already stored, {formatValue(x.upload.result.initEvents, "count")} init lines,{" "}
                  {formatValue(x.upload.result.skipped, "count")} lines skipped.
                </p>
              )}
              {x.upload?.result && (x.upload.result.warnings.length > 0 || x.upload.result.issues.length > 0) && (
                <ul className="upload-notes">
                  {x.upload.result.warnings.map((w, i) => (
                    <li key={`w${i}`}>{w}</li>
                  ))}
                  {x.upload.result.issues.map((i, k) => (
                    <li key={`i${k}`}>
                      line {i.line}: {i.reason}
                    </li>
                  ))}
                </ul>
              )}
              {x.error && (
                <p className="error" role="alert">
                  {x.error}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="upload-actions">
        <button type="button" className="button primary" disabled={busy || ready === 0} onClick={start}>
          {busy ? "Ingesting…" : ready > 1 ? `Upload and ingest ${ready} files` : "Upload and ingest"}
        </button>
        {anyDone && !busy && <Link href="/">See the functions →</Link>}
      </div>
    </div>
  );
}
