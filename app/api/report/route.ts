import { z } from "zod";
import { reportFromStore } from "@/lib/store/report";
import { resolveRange } from "@/lib/dashboard/range";
import { queryOf, withServerStore } from "@/lib/http/json";

export const dynamic = "force-dynamic";

const query = z.object({ function: z.string().min(1).optional(), range: z.string().optional(), from: z.string().optional(), to: z.string().optional() }).strict();

/** GET /api/report?range=7d&function=NAME: exactly `lambdalens report --json` for the same range (range=all or none: all data). */
export async function GET(request: Request) {
  return withServerStore(async (store) => {
    const q = query.parse(queryOf(request));
    const range = q.range || q.from || q.to ? resolveRange(q, Date.now(), null) : { since: null, until: null };
    const summary = await reportFromStore(store.sql, { since: range.since, until: range.until }, { functionName: q.function });
    const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
    return { ...summary, range: { since: iso(range.since), until: iso(range.until) }, database: store.target.display };
  });
}
