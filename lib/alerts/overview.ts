import type { Sql } from "../store/sql";
import { channelViews, type ChannelView } from "./manage";
import { activeAlerts, alertHistory, testDeliveries, type ActiveAlert, type Delivery, type HistoryEntry } from "./store/listing";
import { activeMutes, type Mute } from "./store/mutes";
import { listRules } from "./store/rules";
import type { Rule } from "./kinds";

export interface AlertsOverview {
  active: ActiveAlert[];
  history: HistoryEntry[];
  channels: ChannelView[];
  rules: Rule[];
  mutes: Mute[];
  tests: (Delivery & { createdAt: string })[];
  /** names of the stored functions, for the mute form */
  functions: string[];
}

/** Everything the alerts page shows, in one read (also GET /api/alerts). */
export async function alertsOverview(sql: Sql, historyLimit = 50): Promise<AlertsOverview> {
  const [active, history, channels, rules, mutes, tests, functions] = await Promise.all([
    activeAlerts(sql),
    alertHistory(sql, historyLimit),
    channelViews(sql),
    listRules(sql),
    activeMutes(sql),
    testDeliveries(sql),
    sql.query<{ name: string }>(`SELECT "name" FROM "functions" ORDER BY "name"`),
  ]);
  return { active, history, channels, rules, mutes, tests, functions: functions.map((f) => f.name) };
}
