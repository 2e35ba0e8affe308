import type { PrismaClient } from "../generated/sqlite/client";
import type { DatabaseTarget } from "./database-url";

/** Both generated clients have the same models; app code is typed against one of them. */
export type Db = PrismaClient;

export async function createPrismaClient(target: DatabaseTarget): Promise<Db> {
  if (target.kind === "sqlite") {
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([import("../generated/sqlite/client"), import("@prisma/adapter-better-sqlite3")]);
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${target.url}` }) });
  }
  const [{ PrismaClient }, { PrismaPg }, { default: pg }] = await Promise.all([import("../generated/postgres/client"), import("@prisma/adapter-pg"), import("pg")]);
  const pool = new pg.Pool({ connectionString: target.url, max: 4 });
  // an idle connection dropped by the server must not crash the process; the next query reconnects
  pool.on("error", () => undefined);
  return new PrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
}
