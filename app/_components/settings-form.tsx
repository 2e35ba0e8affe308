"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { SettingsData } from "@/lib/dashboard/settings-data";

type Status = { text: string; error: boolean } | null;

async function send(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `the server answered ${res.status}`);
}

function StatusLine({ status }: { status: Status }) {
  if (!status) return null;
  return (
    <p className={status.error ? "error" : "ok"} role={status.error ? "alert" : "status"}>
      {status.text}
    </p>
  );
}

/** Account limits, default region, free tier and prices: saved together. */
export function GeneralSettings({ data }: { data: SettingsData }) {
  const router = useRouter();
  const [region, setRegion] = useState(data.settings.defaultRegion);
  const [limits, setLimits] = useState(Object.entries(data.settings.accountLimits).map(([r, l]) => ({ region: r, limit: String(l) })));
  const [freeTier, setFreeTier] = useState(data.settings.freeTier);
  const p = data.prices;
  const [requests, setRequests] = useState(String(p.requestPerMillion));
  const [x86, setX86] = useState(String(p.architectures.x86_64.tiers[0].pricePerGbSecond));
  const [arm, setArm] = useState(String(p.architectures.arm64.tiers[0].pricePerGbSecond));
  const [status, setStatus] = useState<Status>(null);

  const save = async () => {
    setStatus(null);
    try {
      const num = (v: string, field: string) => {
        const n = Number(v);
        if (v.trim() === "" || !Number.isFinite(n) || n < 0) throw new Error(`${field}: expected a number of 0 or more, got '${v}'`);
        return n;
      };
      const accountLimits: Record<string, number> = {};
      for (const l of limits) if (l.region.trim()) accountLimits[l.region.trim()] = num(l.limit, `account limit of ${l.region}`);
      const d = data.defaultPrices;
      const tier = (arch: "x86_64" | "arm64", v: number) => [{ ...d.architectures[arch].tiers[0], pricePerGbSecond: v }, ...p.architectures[arch].tiers.slice(1)];
      const prices = {
        requestPerMillion: num(requests, "price per million requests"),
        architectures: { x86_64: { tiers: tier("x86_64", num(x86, "x86_64 price per GB-s")) }, arm64: { tiers: tier("arm64", num(arm, "arm64 price per GB-s")) } },
      };
      await send("/api/settings", { defaultRegion: region.trim(), accountLimits, freeTier, prices });
      setStatus({ text: "Saved. Every page now uses these settings.", error: false });
      router.refresh();
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    }
  };

  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend>Concurrency limits</legend>
        <label>
          Default region <span className="muted">(for functions whose logs name none)</span>
          <input value={region} onChange={(e) => setRegion(e.target.value)} name="defaultRegion" />
        </label>
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Region</th>
              <th scope="col">Account concurrency limit</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {limits.map((l, i) => (
              <tr key={i}>
                <td>
                  <input aria-label="Region" value={l.region} onChange={(e) => setLimits((xs) => xs.map((x, j) => (j === i ? { ...x, region: e.target.value } : x)))} />
                </td>
                <td>
                  <input aria-label={`Account limit of ${l.region || "the region"}`} inputMode="numeric" value={l.limit} onChange={(e) => setLimits((xs) => xs.map((x, j) => (j === i ? { ...x, limit: e.target.value } : x)))} />
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => setLimits((xs) => xs.filter((_, j) => j !== i))}>
                    remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="link-button" onClick={() => setLimits((xs) => [...xs, { region: region, limit: "1000" }])}>
          + add a region
        </button>
        <p className="muted">Regions without a limit here use what the Lambda API reported, else AWS&apos;s default of 1,000.</p>
      </fieldset>
      <fieldset>
        <legend>Prices</legend>
        <label>
          Requests, $ per million <input name="requestPerMillion" inputMode="decimal" value={requests} onChange={(e) => setRequests(e.target.value)} />
        </label>
        <label>
          x86_64 duration, $ per GB-second (first tier) <input name="x86" inputMode="decimal" value={x86} onChange={(e) => setX86(e.target.value)} />
        </label>
        <label>
          arm64 duration, $ per GB-second (first tier) <input name="arm" inputMode="decimal" value={arm} onChange={(e) => setArm(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={freeTier} onChange={(e) => setFreeTier(e.target.checked)} name="freeTier" /> Apply the monthly free tier (1M requests, 400,000 GB-s) to monthly projections
        </label>
        <p className="muted">Built in: us-east-1 list prices. Later tiers and provisioned-concurrency prices stay as built in; <code>--prices FILE</code> on the command line overrides them all.</p>
      </fieldset>
      <button type="submit" className="button primary">
        Save settings
      </button>
      <StatusLine status={status} />
    </form>
  );
}

/** One function's reserved concurrency and architecture overrides. */
export function FunctionOverrideRow({ f }: { f: SettingsData["functions"][number] }) {
  const router = useRouter();
  const [reserved, setReserved] = useState(f.reservedConcurrencyOverride === null ? "" : String(f.reservedConcurrencyOverride));
  const [arch, setArch] = useState(f.architectureOverride ?? "");
  const [status, setStatus] = useState<Status>(null);
  const save = async () => {
    try {
      const r = reserved.trim() === "" ? null : Number(reserved);
      if (r !== null && !(Number.isInteger(r) && r > 0)) throw new Error(`reserved concurrency: expected a whole number above 0, got '${reserved}'`);
      await send(`/api/functions/${encodeURIComponent(f.name)}/settings`, { reservedConcurrency: r, architecture: arch === "" ? null : arch });
      setStatus({ text: "saved", error: false });
      router.refresh();
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    }
  };
  return (
    <tr>
      <th scope="row">{f.name}</th>
      <td>{f.region ?? "–"}</td>
      <td>
        <input
          aria-label={`Reserved concurrency of ${f.name}`}
          inputMode="numeric"
          placeholder={f.reservedConcurrency === null ? "none" : `${f.reservedConcurrency} (API)`}
          value={reserved}
          onChange={(e) => setReserved(e.target.value)}
        />
      </td>
      <td>
        <select aria-label={`Architecture of ${f.name}`} value={arch} onChange={(e) => setArch(e.target.value)}>
          <option value="">{f.architecture ? `${f.architecture} (API)` : "x86_64 (default)"}</option>
          <option value="x86_64">x86_64</option>
          <option value="arm64">arm64</option>
        </select>
      </td>
      <td>
        <button type="button" className="button small" onClick={save}>
          Save
        </button>{" "}
        {status && <span className={status.error ? "error" : "ok"}>{status.text}</span>}
      </td>
    </tr>
  );
}
