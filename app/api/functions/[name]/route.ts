import { functionData } from "@/lib/dashboard/function-data";
import { queryOf, withServerStore } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** GET /api/functions/NAME?range=7d: the function page's figures, series, environments, slowest invocations and advice. */
export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const q = queryOf(request);
  return withServerStore((store) => functionData(store.sql, name, q));
}
