import { serverStore } from "@/lib/store/server-store";
import { removeRule, saveRuleFromApi } from "@/lib/alerts/manage";
import { kickServerAlerts } from "@/lib/alerts/server-loop";
import { idParam, jsonBody, respond } from "../../respond";

export async function PUT(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const id = await saveRuleFromApi((await serverStore()).sql, await jsonBody(req), idParam((await ctx.params).id));
    kickServerAlerts(true);
    return { id };
  });
}

export async function DELETE(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => removeRule((await serverStore()).sql, idParam((await ctx.params).id)), 204);
}
