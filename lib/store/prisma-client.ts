import type { PrismaClient } from "../generated/sqlite/client";
import type { DatabaseTarget } from "./database-url";

/** Both generated clients have the same models; app code is typed against one of them. */
export type Db = PrismaClient;

export async function createPrismaClient(target: DatabaseTarget): Promise<Db> {
  if (target.kind === "sqlite") {
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([import("../generated/sqlite/client"), import("@prisma/adapter-better-sqlite3")]);
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${target.url}` }) });
  }
  const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import("../generated/postgres/client"), import("@prisma/adapter-pg")]);
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) }) as unknown as Db;
}
