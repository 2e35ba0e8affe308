import { fleetData } from "@/lib/dashboard/fleet-data";
import { queryOf, withServerStore } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** GET /api/fleet?range=24h (1h, 24h, 7d, 30d, all) or ?from=ISO&to=ISO: every function's figures and the totals. */
export async function GET(request: Request) {
  const q = queryOf(request);
  return withServerStore((store) => fleetData(store.sql, q));
}
