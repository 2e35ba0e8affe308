"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import styles from "./alerts.module.css";

async function call(method: string, url: string, body?: unknown): Promise<{ ok: boolean; data: Record<string, unknown> }> {
  const res = await fetch(url, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = res.status === 204 ? {} : ((await res.json().catch(() => ({}))) as Record<string, unknown>);
  return { ok: res.ok, data };
}

/** One button that calls the API and refreshes the page; says why when refused. */
export function ActionButton({ label, method, url, body, confirm, danger }: { label: string; method: string; url: string; body?: unknown; confirm?: string; danger?: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className={styles.action}>
      <button
        type="button"
        className={danger ? styles.danger : styles.button}
        disabled={busy}
        onClick={async () => {
          if (confirm && !window.confirm(confirm)) return;
          setBusy(true);
          setError(null);
          const r = await call(method, url, body);
          setBusy(false);
          if (r.ok) router.refresh();
          else setError(String(r.data.error ?? "failed"));
        }}
      >
        {label}
      </button>
      {error ? <span role="alert" className={styles.error}>{error}</span> : null}
    </span>
  );
}

interface TestStatus {
  notificationId: number;
  status: string;
  attempts: number;
  lastError: string | null;
}

/** Queues a test notification and follows it until it is delivered or failed. */
export function TestButton({ channelId, channelName }: { channelId: number; channelName: string }) {
  const router = useRouter();
  const [state, setState] = useState<string | null>(null);
  return (
    <span className={styles.action}>
      <button
        type="button"
        className={styles.button}
        disabled={state === "Sending…"}
        aria-label={`Send test notification to ${channelName}`}
        onClick={async () => {
          setState("Sending…");
          const r = await call("POST", `/api/alerts/channels/${channelId}/test`);
          if (!r.ok) return setState(`Not sent: ${String(r.data.error)}`);
          const id = r.data.notificationId as number;
          for (let i = 0; i < 120; i++) {
            const o = await call("GET", "/api/alerts");
            const t = (o.data.tests as TestStatus[] | undefined)?.find((x) => x.notificationId === id);
            if (t && (t.status === "delivered" || t.status === "failed")) {
              setState(t.status === "delivered" ? `Delivered to ${channelName}` : `Failed: ${t.lastError ?? "unknown error"}`);
              return router.refresh();
            }
            if (t && t.attempts > 0 && t.lastError) setState(`Retrying (attempt ${t.attempts} failed: ${t.lastError})`);
            await new Promise((res) => setTimeout(res, 500));
          }
          setState("Still sending; see the channel's test notifications below");
          router.refresh();
        }}
      >
        Send test notification
      </button>
      {state ? <span role="status" className={styles.status}>{state}</span> : null}
    </span>
  );
}

/** A form that posts its fields as JSON (numbers, booleans and lists shaped by `shape`). */
function JsonForm({ method, url, shape, submit, children, onDone }: { method: string; url: string; shape: (f: FormData) => unknown; submit: string; children: ReactNode; onDone?: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className={styles.form}
      onSubmit={async (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const r = await call(method, url, shape(new FormData(e.currentTarget)));
        setBusy(false);
        if (!r.ok) return setError(String(r.data.error ?? "failed"));
        onDone?.();
        router.refresh();
      }}
    >
      {children}
      <div className={styles.formActions}>
        <button type="submit" className={styles.primary} disabled={busy}>
          {submit}
        </button>
        {error ? <span role="alert" className={styles.error}>{error}</span> : null}
      </div>
    </form>
  );
}

const text = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
};
const num = (f: FormData, k: string) => {
  const v = text(f, k);
  return v === undefined ? undefined : Number(v);
};

export function MuteForm({ functions }: { functions: string[] }) {
  return (
    <JsonForm method="POST" url="/api/alerts/mutes" submit="Mute" shape={(f) => ({ function: text(f, "function") ?? "", for: text(f, "for") ?? "1h", reason: text(f, "reason") })}>
      <label>
        Function
        <input name="function" list="alert-functions" required placeholder="orders-api" />
        <datalist id="alert-functions">
          {functions.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      </label>
      <label>
        For
        <select name="for" defaultValue="1h">
          <option value="30m">30 minutes</option>
          <option value="1h">1 hour</option>
          <option value="4h">4 hours</option>
          <option value="1d">1 day</option>
          <option value="7d">7 days</option>
        </select>
      </label>
      <label>
        Reason
        <input name="reason" placeholder="deploying" />
      </label>
    </JsonForm>
  );
}

export interface ChannelInitial {
  id: number;
  name: string;
  type: "webhook" | "slack" | "email";
  enabled: boolean;
  url: string | null;
  email: { host: string; port: number; secure: boolean; user: string | null; from: string; to: string[] } | null;
}

export function ChannelForm({ initial }: { initial?: ChannelInitial }) {
  const [type, setType] = useState(initial?.type ?? "webhook");
  const editing = initial !== undefined;
  const keep = editing ? "leave empty to keep the stored one" : undefined;
  return (
    <JsonForm
      method={editing ? "PUT" : "POST"}
      url={editing ? `/api/alerts/channels/${initial.id}` : "/api/alerts/channels"}
      submit={editing ? "Save channel" : "Add channel"}
      shape={(f) => {
        const base = { name: text(f, "name") ?? "", type, enabled: f.get("enabled") === "on" };
        if (type === "webhook") return { ...base, url: text(f, "url"), secret: text(f, "secret") };
        if (type === "slack") return { ...base, url: text(f, "url") };
        return { ...base, host: text(f, "host"), port: num(f, "port"), secure: f.get("secure") === "on", user: text(f, "user"), password: text(f, "password"), from: text(f, "from"), to: (text(f, "to") ?? "").split(/[\s,]+/).filter(Boolean) };
      }}
    >
      <label>
        Name
        <input name="name" required defaultValue={initial?.name} placeholder="ops-hook" />
      </label>
      <label>
        Type
        <select name="type" value={type} onChange={(e) => setType(e.target.value as ChannelInitial["type"])} disabled={editing}>
          <option value="webhook">Webhook (signed JSON)</option>
          <option value="slack">Slack incoming webhook</option>
          <option value="email">Email (SMTP)</option>
        </select>
      </label>
      {type === "webhook" ? (
        <>
          <label>
            URL
            <input name="url" type="url" required defaultValue={initial?.url ?? undefined} placeholder="https://hooks.example.com/lambda" />
          </label>
          <label>
            Signing secret
            <input name="secret" type="password" autoComplete="off" required={!editing} minLength={16} placeholder={keep ?? "at least 16 characters"} />
          </label>
        </>
      ) : null}
      {type === "slack" ? (
        <label>
          Slack webhook URL
          <input name="url" type="url" autoComplete="off" required={!editing} placeholder={keep ?? "https://hooks.slack.com/services/…"} />
        </label>
      ) : null}
      {type === "email" ? (
        <>
          <label>
            SMTP host
            <input name="host" required defaultValue={initial?.email?.host} placeholder="smtp.example.com" />
          </label>
          <label>
            Port
            <input name="port" type="number" min={1} max={65535} defaultValue={initial?.email?.port ?? 587} />
          </label>
          <label className={styles.check}>
            <input name="secure" type="checkbox" defaultChecked={initial?.email?.secure ?? false} /> TLS from the start (port 465)
          </label>
          <label>
            User
            <input name="user" defaultValue={initial?.email?.user ?? undefined} autoComplete="off" />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="off" placeholder={keep} />
          </label>
          <label>
            From
            <input name="from" type="email" required defaultValue={initial?.email?.from} placeholder="lambdalens@example.com" />
          </label>
          <label>
            To (comma-separated)
            <input name="to" required defaultValue={initial?.email?.to.join(", ")} placeholder="oncall@example.com" />
          </label>
        </>
      ) : null}
      <label className={styles.check}>
        <input name="enabled" type="checkbox" defaultChecked={initial?.enabled ?? true} /> Enabled
      </label>
    </JsonForm>
  );
}

export interface RuleInitial {
  id: number;
  name: string;
  kind: string;
  functions: string | null;
  region: string | null;
  aggregate: string | null;
  limit: number | null;
  window: string;
  fire: number;
  resolve: number;
  minInvocations: number | null;
  channels: string[] | null;
  enabled: boolean;
}

const KIND_OPTIONS: [string, string][] = [
  ["concurrency", "Concurrency near the limit (fraction of the limit)"],
  ["region-concurrency", "Region concurrency near the account limit (fraction)"],
  ["scaling-rate", "New environments per 10 s near 1,000 (fraction)"],
  ["cold-start-rate", "Cold-start rate (0.05 = 5%)"],
  ["spend", "Projected monthly spend (USD)"],
  ["init-failures", "Init failures (count)"],
  ["long-inits", "Inits over 10 s (count)"],
  ["timeouts", "Timeouts (count)"],
];

export function RuleForm({ initial, channels }: { initial?: RuleInitial; channels: string[] }) {
  const [kind, setKind] = useState(initial?.kind ?? "concurrency");
  const region = kind === "region-concurrency";
  const relative = kind === "concurrency" || region || kind === "scaling-rate";
  return (
    <JsonForm
      method={initial ? "PUT" : "POST"}
      url={initial ? `/api/alerts/rules/${initial.id}` : "/api/alerts/rules"}
      submit={initial ? "Save rule" : "Add rule"}
      shape={(f) => {
        const picked = f.getAll("channels").map(String);
        return {
          name: text(f, "name") ?? "",
          kind,
          functions: region ? undefined : text(f, "functions"),
          region: text(f, "region"),
          total: kind === "spend" ? f.get("total") === "on" : undefined,
          limit: relative ? num(f, "limit") : undefined,
          window: text(f, "window"),
          fire: num(f, "fire"),
          resolve: num(f, "resolve"),
          minInvocations: kind === "cold-start-rate" ? num(f, "minInvocations") : undefined,
          channels: f.get("allChannels") === "on" ? undefined : picked,
          enabled: f.get("enabled") === "on",
        };
      }}
    >
      <label>
        Name
        <input name="name" required defaultValue={initial?.name} placeholder="orders concurrency" />
      </label>
      <label>
        Kind
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {KIND_OPTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      {region ? null : (
        <label>
          Functions (name or glob)
          <input name="functions" defaultValue={initial?.functions ?? undefined} placeholder="every function" />
        </label>
      )}
      <label>
        Region
        <input name="region" defaultValue={initial?.region ?? undefined} placeholder={region ? "every region" : "any"} />
      </label>
      {relative ? (
        <label>
          Limit
          <input name="limit" type="number" min={1} step="any" defaultValue={initial?.limit ?? undefined} placeholder={kind === "scaling-rate" ? "1000" : "reserved, else account"} />
        </label>
      ) : null}
      <label>
        Window
        <input name="window" defaultValue={initial?.window} placeholder="default for the kind (5m, 1h, 1d)" />
      </label>
      <label>
        Fire at
        <input name="fire" type="number" step="any" min={0} defaultValue={initial?.fire} placeholder="default for the kind" />
      </label>
      <label>
        Resolve at
        <input name="resolve" type="number" step="any" min={0} defaultValue={initial?.resolve} placeholder="below fire" />
      </label>
      {kind === "cold-start-rate" ? (
        <label>
          Minimum invocations
          <input name="minInvocations" type="number" min={0} defaultValue={initial?.minInvocations ?? 100} />
        </label>
      ) : null}
      {kind === "spend" ? (
        <label className={styles.check}>
          <input name="total" type="checkbox" defaultChecked={initial?.aggregate === "total"} /> One alert for the total of the matching functions
        </label>
      ) : null}
      <fieldset className={styles.channels}>
        <legend>Channels</legend>
        <label className={styles.check}>
          <input name="allChannels" type="checkbox" defaultChecked={initial ? initial.channels === null : true} /> Every enabled channel
        </label>
        {channels.map((c) => (
          <label key={c} className={styles.check}>
            <input name="channels" type="checkbox" value={c} defaultChecked={initial?.channels?.includes(c) ?? false} /> {c}
          </label>
        ))}
      </fieldset>
      <label className={styles.check}>
        <input name="enabled" type="checkbox" defaultChecked={initial?.enabled ?? true} /> Enabled
      </label>
    </JsonForm>
  );
}
