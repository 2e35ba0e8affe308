import nodemailer from "nodemailer";
import type { AlertsConfig } from "../config";
import type { EmailConfig } from "../channel-input";
import { resolveTarget } from "../targets";

/**
 * One message over SMTP with nodemailer. The server's name is resolved and checked
 * first and the connection goes to that address (TLS still checks the name), so DNS
 * cannot point us at an address the check refused.
 */
export async function sendEmail(
  c: EmailConfig,
  password: string | null,
  m: { subject: string; text: string; id: string },
  cfg: Pick<AlertsConfig, "allowPrivateTargets" | "sendTimeoutMs">,
): Promise<{ ok: true; code: number; error: null }> {
  const address = await resolveTarget(c.host, cfg.allowPrivateTargets);
  const transport = nodemailer.createTransport({
    host: address,
    port: c.port,
    secure: c.secure,
    auth: c.user ? { user: c.user, pass: password ?? "" } : undefined,
    tls: { servername: c.host },
    name: "lambdalens",
    connectionTimeout: cfg.sendTimeoutMs,
    greetingTimeout: cfg.sendTimeoutMs,
    socketTimeout: cfg.sendTimeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: c.from,
      to: c.to,
      subject: m.subject,
      text: m.text,
      messageId: `<${m.id}@lambdalens>`,
      headers: { "X-Lambdalens-Id": m.id },
    });
    const code = Number(/^(\d{3})/.exec(info.response ?? "")?.[1] ?? 250);
    return { ok: true, code, error: null };
  } finally {
    transport.close();
  }
}
