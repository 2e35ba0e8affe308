const MAX_DELAY_MS = 10 * 60_000;

/**
 * Exponential backoff with jitter: about base·2^(attempt−1), capped at 10 minutes,
 * scaled by a random 50–100% so loops retrying together spread out.
 */
export function retryDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exp = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.5 + random() / 2));
}

/** When to try again, or null when that would be past the deadline (the notification fails). */
export function nextAttemptAt(now: number, attempt: number, deadlineMs: number, baseMs: number, random?: () => number): number | null {
  const at = now + retryDelay(attempt, baseMs, random);
  return at > deadlineMs ? null : at;
}
