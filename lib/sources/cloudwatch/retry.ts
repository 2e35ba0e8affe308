/**
 * Pacing and retries for the CloudWatch Logs API. The SDK's own retries are switched
 * off for the logs client (maxAttempts 1) so that every attempt, first or retried,
 * passes through the same rate limiter and the same backoff.
 */

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Spaces request starts at least 1/perSecond apart. Slots are reserved synchronously,
 * so any number of concurrent readers sharing one limiter stay under the rate together.
 */
export class RateLimiter {
  private nextSlot = 0;
  readonly intervalMs: number;

  constructor(readonly perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError(`RateLimiter: perSecond must be > 0, got ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  async acquire(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + this.intervalMs;
    if (at > now) await sleep(at - now);
  }

  /** After a throttle the account's quota is spent for every reader, not just the one that hit it. */
  holdOff(ms: number): void {
    this.nextSlot = Math.max(this.nextSlot, Date.now() + ms);
  }
}

/** FilterLogEvents and DescribeLogGroups allow about 5 requests/s per account and region. */
export const DEFAULT_LOGS_RATE = 5;

/** Shared by every reader in the process unless a caller passes its own. */
export const sharedLogsLimiter = new RateLimiter(DEFAULT_LOGS_RATE);

export class RetriesExhaustedError extends Error {
  override name = "RetriesExhaustedError";
  constructor(
    readonly operation: string,
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    const what = errorLabel(lastError);
    super(
      `${operation}: gave up after ${attempts} attempts (last: ${what}: ${errorMessage(lastError)}). ` +
        (classify(lastError) === "throttle"
          ? "The account's CloudWatch Logs request quota (about 5/s per region) is being exhausted; retry later or read fewer log groups at once."
          : "The service kept failing or could not be reached; check the network (and --endpoint), then retry."),
      { cause: lastError },
    );
  }
}

export function errorName(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const n = (e as { name?: unknown }).name;
  return typeof n === "string" ? n : undefined;
}

/** The most telling name of an error for a message: its code for a network error (ECONNREFUSED), else its name. */
export function errorLabel(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const name = errorName(e);
  return typeof code === "string" && (!name || name === "Error") ? code : (name ?? "error");
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

export function httpStatus(e: unknown): number | undefined {
  const md = (e as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
  return typeof md?.httpStatusCode === "number" ? md.httpStatusCode : undefined;
}

const THROTTLE_NAMES = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "ThrottledException"]);
const SERVER_NAMES = new Set(["ServiceUnavailableException", "InternalFailure", "InternalServerError", "ServiceUnavailable"]);
// an endpoint restarting or a network blip: refused, reset, unreachable for a while
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ECONNABORTED", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN"]);

/** "throttle" and "transient" are retried; null is not. */
export function classify(e: unknown): "throttle" | "transient" | null {
  const name = errorName(e);
  const status = httpStatus(e);
  if ((name && THROTTLE_NAMES.has(name)) || status === 429) return "throttle";
  if ((name && SERVER_NAMES.has(name)) || (status !== undefined && status >= 500)) return "transient";
  const code = (e as { code?: unknown } | null)?.code;
  if (name === "TimeoutError" || (typeof code === "string" && NETWORK_CODES.has(code))) return "transient";
  return null;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so
 * concurrent readers spread out but none retries almost immediately.
 */
export function backoffMs(retry: number, baseMs: number, capMs = 20_000): number {
  const step = Math.min(capMs, baseMs * 2 ** retry);
  return Math.round(step / 2 + Math.random() * (step / 2));
}

export interface RetryPolicy {
  limiter: RateLimiter;
  maxRetries: number;
  baseMs: number;
  /** Called before each backoff wait, with the wait and the error that caused it. */
  onThrottle?: (waitMs: number, error: unknown) => void;
}

/** Runs `call` through the limiter, retrying throttles and transient failures. */
export async function withRetries<T>(operation: string, policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry++) {
    await policy.limiter.acquire();
    try {
      return await call();
    } catch (e) {
      const kind = classify(e);
      if (kind === null) throw e;
      if (retry >= policy.maxRetries) throw new RetriesExhaustedError(operation, retry + 1, e);
      const waitMs = backoffMs(retry, policy.baseMs);
      policy.onThrottle?.(waitMs, e);
      if (kind === "throttle") policy.limiter.holdOff(waitMs);
      else await sleep(waitMs);
    }
  }
}
