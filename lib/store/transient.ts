/** Errors worth retrying: the connection went away, or the database is busy or full for now. */
export function isTransient(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  const code = err?.code ?? "";
  if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004", "53300", "40001", "40P01"].includes(code)) return true;
  if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR)/.test(code)) return true;
  return /Connection terminated|connection timeout|server closed the connection|database is locked|disk is full|database or disk is full/i.test(err?.message ?? "");
}

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  onRetry?: (attempt: number, delayMs: number, e: unknown) => void;
}

/** Runs fn, retrying transient failures with exponential backoff; the last error is thrown. */
export async function withRetry<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransient(e) || attempt >= o.attempts) throw e;
      const delay = o.baseDelayMs * 2 ** (attempt - 1);
      o.onRetry?.(attempt, delay, e);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
