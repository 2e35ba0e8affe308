import { z } from "zod";
import type { ChannelType } from "./kinds";
import { literalTargetProblem } from "./targets";

export interface WebhookConfig {
  url: string;
}
export interface EmailConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it */
  secure: boolean;
  user: string | null;
  from: string;
  to: string[];
}

/** A channel as stored: `secret` is the webhook signing secret, the Slack webhook URL or the SMTP password. */
export interface ChannelInput {
  name: string;
  type: ChannelType;
  enabled: boolean;
  config: WebhookConfig | EmailConfig | Record<string, never>;
  secret: string | null;
}

const name = z.string().trim().min(1, "must not be empty").max(100).regex(/^[^\s,][^,]*$/, "no commas, and no leading space");
const httpUrl = z.string().url("expected an http:// or https:// URL").refine((u) => /^https?:\/\//i.test(u), "expected an http:// or https:// URL");
const email = z.string().email("expected an email address");
const enabled = z.boolean().default(true);

export const channelFileSchema = z.discriminatedUnion("type", [
  z.object({ name, type: z.literal("webhook"), url: httpUrl, secret: z.string().min(16, "at least 16 characters (receivers verify signatures with it)"), enabled }).strict(),
  z.object({ name, type: z.literal("slack"), url: httpUrl, enabled }).strict(),
  z
    .object({
      name,
      type: z.literal("email"),
      host: z.string().trim().min(1, "must not be empty"),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false),
      user: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
      from: email,
      to: z.union([email, z.array(email).min(1, "at least one address")]),
      enabled,
    })
    .strict(),
]);

export type ChannelFileEntry = z.infer<typeof channelFileSchema>;

/** A checked channel entry in its stored shape, or the problems of its target. */
export function channelFromFile(c: ChannelFileEntry, at: string, allowPrivate: boolean): ChannelInput | { problems: string[] } {
  const problems: string[] = [];
  if (c.type === "email") {
    const p = literalTargetProblem(c.host, allowPrivate);
    if (p) problems.push(`${at}.host: ${p}`);
    if (c.password !== undefined && c.user === undefined) problems.push(`${at}.user: a password needs a user`);
    if (problems.length) return { problems };
    const config: EmailConfig = { host: c.host, port: c.port, secure: c.secure, user: c.user ?? null, from: c.from, to: typeof c.to === "string" ? [c.to] : c.to };
    return { name: c.name, type: c.type, enabled: c.enabled, config, secret: c.password ?? null };
  }
  const p = literalTargetProblem(new URL(c.url).hostname, allowPrivate);
  if (p) return { problems: [`${at}.url: ${p}`] };
  if (c.type === "webhook") return { name: c.name, type: c.type, enabled: c.enabled, config: { url: c.url }, secret: c.secret };
  return { name: c.name, type: c.type, enabled: c.enabled, config: {}, secret: c.url };
}

/** `abcd…wxyz`-style: enough to recognise a secret, never enough to use it. */
export function maskSecret(secret: string | null): string | null {
  if (secret === null) return null;
  if (secret.length < 12) return "••••";
  return `••••${secret.slice(-4)}`;
}

/** A URL with its path and query hidden (Slack webhook URLs are the secret). */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/••••`;
  } catch {
    return "••••";
  }
}
