import { serverStore } from "@/lib/store/server-store";
import { alertsConfig } from "@/lib/alerts/config";
import { removeChannel, saveChannelFromApi } from "@/lib/alerts/manage";
import { idParam, jsonBody, respond } from "../../respond";

/** Replaces a channel; a secret left out keeps the stored one. */
export async function PUT(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => saveChannelFromApi((await serverStore()).sql, await jsonBody(req), alertsConfig(), idParam((await ctx.params).id)));
}

export async function DELETE(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => removeChannel((await serverStore()).sql, idParam((await ctx.params).id)), 204);
}
