"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { Upload } from "@/lib/dashboard/uploads";

/** Ingests a synthetic fleet (the last 24 hours) so the dashboard can be tried without logs at hand. */
export function DemoButton() {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; text: string | null; error: boolean }>({ busy: false, text: null, error: false });
  const load = async () => {
    setState({ busy: true, text: "Writing a synthetic fleet's logs…", error: false });
    try {
      const res = await fetch("/api/demo", { method: "POST" });
      let u = (await res.json()) as Upload;
      if (!res.ok) throw new Error(u.error ?? `the server answered ${res.status}`);
      while (u.state !== "done" && u.state !== "failed") {
        setState({ busy: true, text: u.ingest ? `Ingesting: ${u.ingest.records.toLocaleString("en-US")} records` : "Waiting to ingest…", error: false });
        await new Promise((r) => setTimeout(r, 400));
        u = (await (await fetch(`/api/uploads/${u.id}`, { cache: "no-store" })).json()) as Upload;
      }
      if (u.state === "failed") throw new Error(u.error ?? "the demo data could not be stored");
      setState({ busy: false, text: `Stored ${u.result?.stored.toLocaleString("en-US")} invocations.`, error: false });
      router.refresh();
    } catch (e) {
      setState({ busy: false, text: (e as Error).message, error: true });
    }
  };
  return (
    <div className="demo">
      <button type="button" className="button" onClick={load} disabled={state.busy}>
        {state.busy ? "Loading demo data…" : "Load demo data"}
      </button>
      {state.text && (
        <span className={state.error ? "error" : "muted"} role="status">
          {state.text}
        </span>
      )}
    </div>
  );
}
