import { z } from "zod";
import { parseDurationMs } from "./duration";

/** What alerting reads from the environment, read and checked once per process. */
export interface AlertsConfig {
  /** LAMBDALENS_ALLOW_PRIVATE_TARGETS=1: channels may point at loopback and private addresses */
  allowPrivateTargets: boolean;
  /** LAMBDALENS_PUBLIC_URL: where the dashboard is reachable, for links in messages */
  publicUrl: string | null;
  /** first retry after about this long, doubling each time (with jitter) */
  retryBaseMs: number;
  /** a notification not delivered this long after it was written is marked failed */
  retryForMs: number;
  /** a claimed notification whose loop died is taken over after this */
  leaseMs: number;
  /** one HTTP request or SMTP session */
  sendTimeoutMs: number;
  /** how often a delivery loop looks for due notifications */
  pollMs: number;
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDurationMs(v);
      if (ms === null) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected a duration like 500ms, 2s, 5m or 24h, got '${v}'` });
      return ms ?? 0;
    });

const schema = z.object({
  LAMBDALENS_ALLOW_PRIVATE_TARGETS: z.enum(["", "0", "1", "true", "false"], { message: "expected 1 or 0" }).default("0"),
  LAMBDALENS_PUBLIC_URL: z.string().url("expected the dashboard's URL, like https://lambdalens.example.com").optional(),
  LAMBDALENS_ALERTS_RETRY_BASE: duration("2s"),
  LAMBDALENS_ALERTS_RETRY_FOR: duration("24h"),
  LAMBDALENS_ALERTS_LEASE: duration("60s"),
  LAMBDALENS_ALERTS_SEND_TIMEOUT: duration("10s"),
  LAMBDALENS_ALERTS_POLL: duration("2s"),
});

export function readAlertsConfig(env: Record<string, string | undefined> = process.env): AlertsConfig {
  const r = schema.safeParse(env);
  if (!r.success) throw new Error(`alerts configuration: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const v = r.data;
  return {
    allowPrivateTargets: v.LAMBDALENS_ALLOW_PRIVATE_TARGETS === "1" || v.LAMBDALENS_ALLOW_PRIVATE_TARGETS === "true",
    publicUrl: v.LAMBDALENS_PUBLIC_URL?.replace(/\/+$/, "") ?? null,
    retryBaseMs: v.LAMBDALENS_ALERTS_RETRY_BASE,
    retryForMs: v.LAMBDALENS_ALERTS_RETRY_FOR,
    leaseMs: v.LAMBDALENS_ALERTS_LEASE,
    sendTimeoutMs: v.LAMBDALENS_ALERTS_SEND_TIMEOUT,
    pollMs: v.LAMBDALENS_ALERTS_POLL,
  };
}

let cached: AlertsConfig | undefined;

/** The process's configuration (tests pass their own to the functions that take one). */
export function alertsConfig(): AlertsConfig {
  return (cached ??= readAlertsConfig());
}
