import { z } from "zod";
import { serverStore } from "@/lib/store/server-store";
import { acknowledge, InputError } from "@/lib/alerts/manage";
import { idParam, jsonBody, respond } from "../../../respond";

const body = z.object({ by: z.string().trim().max(200).optional() }).strict();

/** Marks a firing alert as seen; it stays active until its data resolves it. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const raw = req.headers.get("content-length") === "0" ? {} : await jsonBody(req).catch(() => ({}));
    const b = body.safeParse(raw);
    if (!b.success) throw new InputError(`by: ${b.error.issues[0].message}`);
    await acknowledge((await serverStore()).sql, idParam((await ctx.params).id), b.data.by ?? null);
    return { acknowledged: true };
  });
}
