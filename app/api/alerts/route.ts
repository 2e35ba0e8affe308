import { connection } from "next/server";
import { serverStore } from "@/lib/store/server-store";
import { alertsOverview } from "@/lib/alerts/overview";
import { respond } from "./respond";

/** Active alerts, history with deliveries, channels (secrets masked), rules, mutes, test notifications. */
export async function GET() {
  await connection();
  return respond(async () => alertsOverview((await serverStore()).sql));
}
