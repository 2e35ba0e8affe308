import type { AlertsConfig } from "../../lib/alerts/config";

/** Short retries so tests never wait on real backoff; receivers are on 127.0.0.1. */
export const TEST_CONFIG: AlertsConfig = {
  allowPrivateTargets: true,
  publicUrl: "http://lambdalens.test",
  retryBaseMs: 20,
  retryForMs: 60_000,
  leaseMs: 60_000,
  sendTimeoutMs: 10_000,
  pollMs: 50,
};

export const TEST_ENV = {
  LAMBDALENS_ALLOW_PRIVATE_TARGETS: "1",
  LAMBDALENS_ALERTS_RETRY_BASE: "20ms",
  LAMBDALENS_ALERTS_POLL: "50ms",
};
