import { serverStore } from "@/lib/store/server-store";
import { alertsConfig } from "@/lib/alerts/config";
import { saveChannelFromApi } from "@/lib/alerts/manage";
import { jsonBody, respond } from "../respond";

/** Creates a channel; the body is one entry of a rules file's channels. The answer masks its secret. */
export async function POST(req: Request) {
  return respond(async () => saveChannelFromApi((await serverStore()).sql, await jsonBody(req), alertsConfig()), 201);
}
