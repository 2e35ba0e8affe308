import { serverStore } from "@/lib/store/server-store";
import { alertsConfig } from "@/lib/alerts/config";
import { sendTestNotification } from "@/lib/alerts/manage";
import { kickServerAlerts } from "@/lib/alerts/server-loop";
import { idParam, respond } from "../../../respond";

/** Queues a test notification to the channel; the delivery loop sends it at once. */
export async function POST(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const notificationId = await sendTestNotification((await serverStore()).sql, idParam((await ctx.params).id), alertsConfig());
    kickServerAlerts();
    return { notificationId };
  }, 202);
}
