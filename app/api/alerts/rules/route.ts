import { serverStore } from "@/lib/store/server-store";
import { saveRuleFromApi } from "@/lib/alerts/manage";
import { kickServerAlerts } from "@/lib/alerts/server-loop";
import { jsonBody, respond } from "../respond";

/** Creates a rule; the body is one entry of a rules file (see README). */
export async function POST(req: Request) {
  return respond(async () => {
    const id = await saveRuleFromApi((await serverStore()).sql, await jsonBody(req));
    kickServerAlerts(true);
    return { id };
  }, 201);
}
