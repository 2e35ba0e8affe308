import path from "node:path";
import { fileURLToPath } from "node:url";

export type DatabaseKind = "sqlite" | "postgres";

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** For SQLite, an absolute file path; for PostgreSQL, the connection string. */
  url: string;
  /** Safe to print: no password. */
  display: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_SQLITE_PATH = path.join(ROOT, "data", "lambdalens.db");

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:****@");
  }
}

/**
 * The one place that decides which database lambdalens talks to: DATABASE_URL unset
 * means the embedded SQLite file; `postgres://` / `postgresql://` means PostgreSQL;
 * `file:` or a plain path means another SQLite file.
 */
export function databaseTarget(env: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  const raw = env?.trim();
  if (!raw) return { kind: "sqlite", url: DEFAULT_SQLITE_PATH, display: path.relative(process.cwd(), DEFAULT_SQLITE_PATH) || DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(raw)) return { kind: "postgres", url: raw, display: redact(raw) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !raw.startsWith("file:")) {
    throw new Error(`DATABASE_URL: unsupported scheme in '${redact(raw)}'; use postgresql://user@host/db, or unset it for the SQLite default (${DEFAULT_SQLITE_PATH})`);
  }
  const file = raw.replace(/^file:(\/\/)?/, "");
  const abs = path.resolve(file);
  return { kind: "sqlite", url: abs, display: file };
}
