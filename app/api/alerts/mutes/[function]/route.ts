import { serverStore } from "@/lib/store/server-store";
import { unmute } from "@/lib/alerts/manage";
import { respond } from "../../respond";

export async function DELETE(_req: Request, ctx: { params: Promise<{ function: string }> }) {
  return respond(async () => unmute((await serverStore()).sql, decodeURIComponent((await ctx.params).function)), 204);
}
