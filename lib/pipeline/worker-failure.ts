import { UnreadableInput } from "../sources/file-source";

/** An error as it crosses from a worker thread, keeping whether the input was unreadable. */
export interface WorkerFailure {
  type: "failed";
  unreadable: boolean;
  message: string;
  stack?: string;
}

export function failureOf(e: unknown): WorkerFailure {
  const err = e instanceof Error ? e : new Error(String(e));
  return { type: "failed", unreadable: err instanceof UnreadableInput, message: err.message, stack: err.stack };
}

/** The error again, of the class callers tell apart: an unreadable input, or anything else (a bug). */
export function errorFrom(f: WorkerFailure): Error {
  const e = f.unreadable ? new UnreadableInput(f.message) : new Error(f.message);
  if (f.stack) e.stack = f.stack;
  return e;
}
