import Link from "next/link";
import { serverStore } from "@/lib/store/server-store";
import { activeAlerts } from "@/lib/alerts/store/listing";
import { formatTime, kindValue, valueOfLimit } from "@/lib/alerts/format";
import styles from "./function-alerts.module.css";

/** The function's active alerts, for its page; renders nothing when none is firing. */
export async function FunctionAlerts({ name }: { name: string }) {
  const alerts = await activeAlerts((await serverStore()).sql, { function: name });
  if (alerts.length === 0) return null;
  return (
    <section className={styles.box} aria-label="Active alerts">
      <h2 className={styles.title}>
        {alerts.length} active alert{alerts.length === 1 ? "" : "s"}
      </h2>
      <ul className={styles.list}>
        {alerts.map((a) => (
          <li key={a.stateId} className={styles.item}>
            <strong>{a.rule}</strong>: {valueOfLimit(a.kind, a.value, a.limit)} (threshold {kindValue(a.kind, a.threshold)}), since {formatTime(a.at)}
            {a.acknowledgedAt ? <span className={styles.ack}> acknowledged</span> : null}
          </li>
        ))}
      </ul>
      <Link href="/alerts">All alerts</Link>
    </section>
  );
}
