import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { serverStore } from "@/lib/store/server-store";
import { alertsOverview } from "@/lib/alerts/overview";
import { formatDuration, formatTime, kindValue, ruleScope, ruleThreshold, valueOfLimit } from "@/lib/alerts/format";
import type { ActiveAlert, Delivery, HistoryEntry } from "@/lib/alerts/store/listing";
import { KINDS } from "@/lib/alerts/kinds";
import { ActionButton, ChannelForm, MuteForm, RuleForm, TestButton } from "./controls";
import styles from "./alerts.module.css";

export const metadata: Metadata = { title: "Alerts · lambdalens" };

function Subject({ e }: { e: Pick<ActiveAlert, "function" | "region" | "scope"> }) {
  if (e.function) return <Link href={`/functions/${encodeURIComponent(e.function)}`}>{e.function}</Link>;
  if (e.region) return <span>region {e.region}</span>;
  return <span>total</span>;
}

function Numbers({ e }: { e: Pick<ActiveAlert, "kind" | "value" | "limit" | "threshold"> }) {
  return (
    <span className={styles.numbers}>
      <strong>{valueOfLimit(e.kind, e.value, e.limit)}</strong> <span className={styles.threshold}>threshold {kindValue(e.kind, e.threshold)}</span>
    </span>
  );
}

function DeliveryList({ deliveries, muted }: { deliveries: Delivery[]; muted: boolean }) {
  if (muted) return <span className={styles.muted}>muted: not sent</span>;
  if (deliveries.length === 0) return <span className={styles.muted}>no channel</span>;
  return (
    <ul className={styles.deliveries}>
      {deliveries.map((d) => (
        <li key={d.notificationId}>
          <details>
            <summary>
              {d.channel}: <span className={styles[d.status]}>{d.status}</span>
              {d.attempts > 0 ? ` after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}` : ""}
              {d.status === "pending" && d.nextAttemptAt ? `, next ${formatTime(d.nextAttemptAt)}` : ""}
            </summary>
            <ol className={styles.attempts}>
              {d.log.map((a) => (
                <li key={a.attempt}>
                  {formatTime(a.at)}: {a.ok ? "ok" : "failed"}
                  {a.code !== null ? ` (${a.code})` : ""} in {a.durationMs.toLocaleString("en-US")} ms{a.error ? `: ${a.error}` : ""}
                </li>
              ))}
              {d.log.length === 0 ? <li>not tried yet</li> : null}
            </ol>
          </details>
        </li>
      ))}
    </ul>
  );
}

function HistoryRow({ h }: { h: HistoryEntry }) {
  return (
    <tr>
      <td data-label="Data time">{formatTime(h.at)}</td>
      <td data-label="State">
        <span className={h.state === "firing" ? styles.badgeFiring : styles.badgeResolved}>{h.state}</span>
      </td>
      <td data-label="Rule">{h.rule}</td>
      <td data-label="Subject">
        <Subject e={h} />
      </td>
      <td data-label="Value">
        <Numbers e={h} />
        {h.details.reason ? <div className={styles.muted}>{h.details.reason}</div> : null}
        {h.details.topContributors?.length ? (
          <div className={styles.muted}>top: {h.details.topContributors.map((c) => `${c.function} (${c.peak.toLocaleString("en-US")})`).join(", ")}</div>
        ) : null}
      </td>
      <td data-label="Delivery">
        <DeliveryList deliveries={h.deliveries} muted={h.muted} />
      </td>
    </tr>
  );
}

export default async function AlertsPage() {
  await connection();
  const o = await alertsOverview((await serverStore()).sql);
  const channelNames = o.channels.map((c) => c.name);
  const functions = o.functions;
  const muted = new Map(o.mutes.map((m) => [m.function, m]));
  const latestTest = new Map<string, (typeof o.tests)[number]>();
  for (const t of o.tests) if (!latestTest.has(t.channel)) latestTest.set(t.channel, t);
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1>Alerts</h1>
        <p className={styles.summary}>
          {o.active.length} firing · {o.mutes.length} muted function{o.mutes.length === 1 ? "" : "s"} · {o.rules.filter((r) => r.enabled).length} of {o.rules.length} rules enabled · {o.channels.length} channel
          {o.channels.length === 1 ? "" : "s"}
        </p>
        <p className={styles.muted}>Rules are evaluated after every upload or ingest, and every minute, over the newest data of each function (data time, UTC).</p>
      </header>

      <section aria-labelledby="active-heading" className={styles.section}>
        <h2 id="active-heading">Active alerts</h2>
        {o.active.length === 0 ? (
          <div className={styles.empty}>
            <p>Nothing is firing.</p>
            <p className={styles.muted}>
              {o.channels.length === 0 ? "Add a channel below so that alerts reach you, and send it a test notification. " : ""}
              {functions.length === 0 ? (
                <>
                  No data yet: <Link href="/upload">upload log exports</Link> or run <code>lambdalens ingest</code>, and the rules below are evaluated on it.
                </>
              ) : (
                "Alerts appear here when the newest data crosses a rule's threshold."
              )}
            </p>
          </div>
        ) : (
          <ul className={styles.cards}>
            {o.active.map((a) => (
              <li key={a.stateId} className={styles.card}>
                <div className={styles.cardHead}>
                  <span className={styles.badgeFiring}>firing</span> <strong>{a.rule}</strong> · <Subject e={a} />
                  {a.function && muted.has(a.function) ? <span className={styles.tag}>muted</span> : null}
                  {a.acknowledgedAt ? <span className={styles.tag}>acknowledged{a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ""}</span> : null}
                </div>
                <p className={styles.big}>
                  <Numbers e={a} />
                </p>
                {a.message ? <p className={styles.message}>{a.message}</p> : null}
                <p className={styles.muted}>
                  Since {formatTime(a.at)}; last evaluated up to {formatTime(a.evaluatedTo)}
                  {a.currentValue !== null ? `, now ${kindValue(a.kind, a.currentValue)}` : ""}
                  {a.details?.maxSustainableRps != null ? ` · throttles above ${a.details.maxSustainableRps.toLocaleString("en-US", { maximumFractionDigits: 1 })} requests/s at today's mean duration` : ""}
                </p>
                <div className={styles.actions}>
                  {a.acknowledgedAt ? null : <ActionButton label="Acknowledge" method="POST" url={`/api/alerts/active/${a.stateId}/acknowledge`} body={{}} />}
                  {a.function && !muted.has(a.function) ? <ActionButton label="Mute for 1 hour" method="POST" url="/api/alerts/mutes" body={{ function: a.function, for: "1h" }} /> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="mutes-heading" className={styles.section}>
        <h2 id="mutes-heading">Muted functions</h2>
        {o.mutes.length === 0 ? (
          <p className={styles.muted}>No function is muted. A muted function&apos;s alerts are recorded and shown here, not sent.</p>
        ) : (
          <ul className={styles.plain}>
            {o.mutes.map((m) => (
              <li key={m.function}>
                <strong>{m.function}</strong> until {formatTime(new Date(m.untilMs).toISOString())}
                {m.reason ? ` (${m.reason})` : ""} <ActionButton label="Unmute" method="DELETE" url={`/api/alerts/mutes/${encodeURIComponent(m.function)}`} />
              </li>
            ))}
          </ul>
        )}
        <details className={styles.editor}>
          <summary>Mute a function</summary>
          <MuteForm functions={functions} />
        </details>
      </section>

      <section aria-labelledby="history-heading" className={styles.section}>
        <h2 id="history-heading">History</h2>
        {o.history.length === 0 ? (
          <p className={styles.muted}>No alert has fired yet. Each firing and resolution is kept here with its numbers and its deliveries.</p>
        ) : (
          <div className={styles.scroll}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>Data time</th>
                  <th>State</th>
                  <th>Rule</th>
                  <th>Subject</th>
                  <th>Value</th>
                  <th>Delivery</th>
                </tr>
              </thead>
              <tbody>
                {o.history.map((h) => (
                  <HistoryRow key={h.id} h={h} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="channels-heading" className={styles.section}>
        <h2 id="channels-heading">Channels</h2>
        {o.channels.length === 0 ? <p className={styles.muted}>No channel yet: add a webhook, a Slack incoming webhook or an email address below.</p> : null}
        <ul className={styles.cards}>
          {o.channels.map((c) => {
            const t = latestTest.get(c.name);
            return (
              <li key={c.id} className={styles.card} aria-label={`Channel ${c.name}`}>
                <div className={styles.cardHead}>
                  <strong>{c.name}</strong> <span className={styles.tag}>{c.type}</span>
                  {c.enabled ? null : <span className={styles.tag}>disabled</span>}
                  {c.origin === "file" ? <span className={styles.tag}>from a rules file</span> : null}
                </div>
                <p className={styles.target}>
                  {c.url ?? (c.email ? `${c.email.host}:${c.email.port} → ${c.email.to.join(", ")}` : "")}
                  {c.secret ? <span className={styles.muted}> · secret {c.secret}</span> : null}
                </p>
                {t ? (
                  <p className={styles.muted}>
                    Last test {formatTime(t.createdAt)}: <span className={styles[t.status]}>{t.status}</span>
                    {t.lastError ? ` (${t.lastError})` : ""}
                  </p>
                ) : null}
                <div className={styles.actions}>
                  <TestButton channelId={c.id} channelName={c.name} />
                  <ActionButton label="Delete" danger method="DELETE" url={`/api/alerts/channels/${c.id}`} confirm={`Delete the channel ${c.name}?`} />
                </div>
                <details className={styles.editor}>
                  <summary>Edit {c.name}</summary>
                  <ChannelForm initial={{ id: c.id, name: c.name, type: c.type, enabled: c.enabled, url: c.type === "webhook" ? c.url : null, email: c.email }} />
                </details>
              </li>
            );
          })}
        </ul>
        <details className={styles.editor} open={o.channels.length === 0}>
          <summary>Add a channel</summary>
          <ChannelForm />
        </details>
      </section>

      <section aria-labelledby="rules-heading" className={styles.section}>
        <h2 id="rules-heading">Rules</h2>
        <p className={styles.muted}>
          Fire when the window&apos;s value reaches the fire threshold; resolve when it falls to the resolve threshold or below. Rules files applied with{" "}
          <code>lambdalens alerts apply rules.yaml</code> replace the rules they name.
        </p>
        <div className={styles.scroll}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Rule</th>
                <th>Watches</th>
                <th>Window</th>
                <th>Fire / resolve</th>
                <th>Channels</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {o.rules.map((r) => (
                <tr key={r.id}>
                  <td data-label="Rule">
                    <strong>{r.name}</strong>
                    <div className={styles.muted}>
                      {KINDS[r.kind].label}
                      {r.enabled ? "" : " · disabled"}
                    </div>
                  </td>
                  <td data-label="Watches">
                    {ruleScope(r)}
                    {r.limit !== null ? ` · limit ${r.limit.toLocaleString("en-US")}` : ""}
                  </td>
                  <td data-label="Window">{formatDuration(r.windowMs)}</td>
                  <td data-label="Fire / resolve">
                    {ruleThreshold(r, r.fire)} / {ruleThreshold(r, r.resolve)}
                    {r.minInvocations !== null ? <div className={styles.muted}>at least {r.minInvocations.toLocaleString("en-US")} invocations</div> : null}
                  </td>
                  <td data-label="Channels">{r.channels === null ? "every enabled channel" : r.channels.join(", ") || "none"}</td>
                  <td>
                    <details className={styles.editor}>
                      <summary>Edit</summary>
                      <RuleForm
                        channels={channelNames}
                        initial={{ ...r, window: formatDuration(r.windowMs) }}
                      />
                    </details>
                    <ActionButton label="Delete" danger method="DELETE" url={`/api/alerts/rules/${r.id}`} confirm={`Delete the rule ${r.name}? Its history stays.`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <details className={styles.editor}>
          <summary>Add a rule</summary>
          <RuleForm channels={channelNames} />
        </details>
      </section>
    </div>
  );
}
