import type { AlertsConfig } from "../config";
import type { EmailConfig, WebhookConfig } from "../channel-input";
import { emailMessage, slackMessage, type AlertPayload } from "../message";
import { signatureHeader, SIGNATURE_HEADER } from "../signature";
import type { StoredChannel } from "../store/rows";
import { httpPost } from "./http-post";
import { sendEmail } from "./email";

export interface SendOutcome {
  ok: boolean;
  code: number | null;
  error: string | null;
}

type SendConfig = Pick<AlertsConfig, "allowPrivateTargets" | "sendTimeoutMs">;

async function post(url: string, body: string, headers: Record<string, string>, cfg: SendConfig): Promise<SendOutcome> {
  const r = await httpPost(url, body, headers, { timeoutMs: cfg.sendTimeoutMs, allowPrivate: cfg.allowPrivateTargets });
  const ok = r.status >= 200 && r.status < 300;
  return { ok, code: r.status, error: ok ? null : `HTTP ${r.status}${r.body ? `: ${r.body.slice(0, 200)}` : ""}` };
}

/**
 * Sends one stored notification body through a channel. The body is sent exactly as it
 * was written to the outbox, so every retry carries the same `id`.
 */
export async function sendThrough(channel: StoredChannel, body: string, cfg: SendConfig, now = Date.now()): Promise<SendOutcome> {
  try {
    const payload = JSON.parse(body) as AlertPayload;
    if (channel.type === "webhook") {
      const url = (channel.config as WebhookConfig).url;
      return await post(url, body, { [SIGNATURE_HEADER]: signatureHeader(channel.secret ?? "", body, Math.floor(now / 1000)), "Idempotency-Key": payload.id }, cfg);
    }
    if (channel.type === "slack") return await post(channel.secret ?? "", JSON.stringify(slackMessage(payload)), {}, cfg);
    const m = emailMessage(payload);
    return await sendEmail(channel.config as EmailConfig, channel.secret, { ...m, id: payload.id }, cfg);
  } catch (e) {
    const err = e as Error & { responseCode?: number };
    return { ok: false, code: err.responseCode ?? null, error: err.message };
  }
}
