import type { Metadata } from "next";
import { serverStore } from "@/lib/store/server-store";
import { settingsData } from "@/lib/dashboard/settings-data";
import { FunctionOverrideRow, GeneralSettings } from "../_components/settings-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const store = await serverStore();
  const data = await settingsData(store.sql);
  return (
    <>
      <h1>Settings</h1>
      <p className="muted">Stored in the database: every page, the API, alerts and <code>lambdalens report</code> use them (command-line flags still win).</p>
      <section className="panel">
        <GeneralSettings data={data} />
      </section>
      <section className="panel">
        <h2>Per function</h2>
        <p className="muted">Reserved concurrency is the limit a function&apos;s headroom is measured against; architecture sets its prices. Empty: what the Lambda API said, else the default.</p>
        {data.functions.length === 0 ? (
          <p>No functions yet: upload logs first.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table compact">
              <thead>
                <tr>
                  <th scope="col">Function</th>
                  <th scope="col">Region</th>
                  <th scope="col">Reserved concurrency</th>
                  <th scope="col">Architecture</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.functions.map((f) => (
                  <FunctionOverrideRow key={f.name} f={f} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
