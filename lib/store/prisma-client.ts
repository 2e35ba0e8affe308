import type { PrismaClient } from "../generated/sqlite/client";
import type { DatabaseTarget } from "./database-url";

/** Both generated clients have the same models; app code is typed against one of them. */
export type Db = PrismaClient;

/** For SQLite: the file the raw connection opened (a private copy, for a file in a read-only place) and how. */
export interface SqliteFile {
  file: string;
  readonly: boolean;
  timeoutMs: number;
}

export async function createPrismaClient(target: DatabaseTarget, sqlite?: SqliteFile): Promise<Db> {
  if (target.kind === "sqlite") {
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([import("../generated/sqlite/client"), import("@prisma/adapter-better-sqlite3")]);
    const file = sqlite?.file ?? target.url;
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, readonly: sqlite?.readonly ?? false, timeout: sqlite?.timeoutMs }) });
  }
  const [{ PrismaClient }, { PrismaPg }, { default: pg }] = await Promise.all([import("../generated/postgres/client"), import("@prisma/adapter-pg"), import("pg")]);
  const pool = new pg.Pool({ connectionString: target.url, max: 4 });
  // an idle connection dropped by the server must not crash the process; the next query reconnects
  pool.on("error", () => undefined);
  // a pool passed in is left open by $disconnect unless told otherwise: its idle connections
  // then keep the process alive for pg's 10 s idle timeout after every command
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as Db;
}
