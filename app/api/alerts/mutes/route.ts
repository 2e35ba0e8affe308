import { serverStore } from "@/lib/store/server-store";
import { InputError, mute, muteSchema } from "@/lib/alerts/manage";
import { jsonBody, respond } from "../respond";

/** Mutes a function's notifications for a while: `{"function": "orders-api", "for": "1h"}`. */
export async function POST(req: Request) {
  return respond(async () => {
    const b = muteSchema.safeParse(await jsonBody(req));
    if (!b.success) throw new InputError(b.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    return mute((await serverStore()).sql, b.data);
  }, 201);
}
