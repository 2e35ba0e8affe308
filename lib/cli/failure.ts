import { databaseTarget } from "../store/database-url";
import { isTransient } from "../store/transient";
import { RetriesExhaustedError } from "../sources/cloudwatch/retry";

/** The debug switch: with it set, a failed command also prints the stack trace. */
export const DEBUG_ENV = "LAMBDALENS_DEBUG";

const AWS_AUTH = /Credentials|ExpiredToken|UnrecognizedClient|InvalidSignature|AccessDenied|InvalidClientTokenId|SignatureDoesNotMatch/i;

function code(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === "string" ? c : "";
}

/**
 * A message on one line. Prisma's messages carry a code frame before the reason, which
 * comes last; other multi-line messages are joined.
 */
export function oneLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const lines = message.split("\n").map((l) => l.trim()).filter(Boolean);
  if (e instanceof Error && e.name.startsWith("PrismaClient") && lines.length > 1) return lines[lines.length - 1];
  return lines.join(" ");
}

function database(): string {
  try {
    return databaseTarget().display;
  } catch {
    return "the database";
  }
}

/**
 * What failed and what to do, in one line, for an error no command handled itself.
 * Operational failures (a database, a file, AWS) are named; anything else is called a
 * probable bug, with the switch that shows its stack trace.
 */
export function describeFailure(e: unknown): string {
  const c = code(e);
  const msg = oneLine(e);
  if (e instanceof RetriesExhaustedError) return e.message;
  if (/^SQLITE_READONLY/.test(c)) return `the database ${database()} is read-only for this process (${msg}); run the command as a user who may write it, or set DATABASE_URL to a writable file`;
  if (/^SQLITE_(BUSY|LOCKED)/.test(c)) return `the database ${database()} stayed locked by another process (${msg}); try again when the other command is done`;
  if (/^SQLITE_(FULL|IOERR)/.test(c)) return `the database ${database()} could not be written (${msg}); check the disk it is on, then run the command again (what was stored is kept)`;
  if (isTransient(e)) return `the database ${database()} stopped answering (${msg}); check that it is running, then run the command again (what was stored is kept, and ingestion is idempotent)`;
  const name = e instanceof Error ? e.name : "";
  if (AWS_AUTH.test(`${name} ${msg}`)) {
    return `AWS refused the request (${name}: ${msg}); check --profile / AWS credentials (expired session tokens need a fresh login) and the permissions the README lists`;
  }
  const sys = e as { syscall?: unknown; path?: unknown };
  if (typeof sys?.syscall === "string" && /^E[A-Z]+$/.test(c)) return `${msg}; check the path and its permissions`;
  return `unexpected error: ${msg}. This is probably a bug: run again with ${DEBUG_ENV}=1 for the stack trace and report it`;
}

/** Writes a failed command's one line (and with LAMBDALENS_DEBUG=1 the stack) to stderr. */
export function reportFailure(command: string, e: unknown): void {
  process.stderr.write(`lambdalens ${command}: ${describeFailure(e)}\n`);
  if (process.env[DEBUG_ENV] === "1" && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
}
