/**
 * Derives prisma/postgres/schema.prisma from the one schema source (prisma/schema.prisma)
 * and, with --migration NAME, writes the SQL that takes both databases from the previous
 * schema to the current one into prisma/migrations/{sqlite,postgres}/NAME.sql.
 * Run: npm run db:schemas [-- --migration 0002_something]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const SOURCE = join(ROOT, "prisma/schema.prisma");
const PG = join(ROOT, "prisma/postgres/schema.prisma");

export function postgresSchema(source: string): string {
  return (
    "// GENERATED from prisma/schema.prisma by scripts/db-schemas.ts: edit that file, not this one.\n" +
    source
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://localhost/lambdalens"')
      .replace('output     = "../lib/generated/sqlite"', 'output     = "../../lib/generated/postgres"')
  );
}

function prisma(args: string[]): string {
  // the JS schema engine opens a scratch SQLite file even for a diff
  mkdirSync(join(ROOT, "data"), { recursive: true });
  return execFileSync(join(ROOT, "node_modules/.bin/prisma"), args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

function main(): void {
  const source = readFileSync(SOURCE, "utf8");
  writeFileSync(PG, postgresSchema(source));
  const i = process.argv.indexOf("--migration");
  if (i < 0) return;
  const name = process.argv[i + 1];
  if (!name || !/^\d{4}_[a-z0-9_]+$/.test(name)) throw new Error("--migration NAME: expected a name like 0002_add_alerts");
  for (const [db, schema] of [["sqlite", SOURCE], ["postgres", PG]] as const) {
    const dir = join(ROOT, "prisma/migrations", db);
    mkdirSync(dir, { recursive: true });
    const previous = join(dir, ".schema.prisma");
    const from = existsSync(previous) ? ["--from-schema-datamodel", previous] : ["--from-empty"];
    const sql = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"]);
    const existing = readdirSync(dir).filter((f) => f.endsWith(".sql"));
    if (existing.some((f) => f.startsWith(name))) throw new Error(`${dir}/${name}.sql exists already`);
    writeFileSync(join(dir, `${name}.sql`), sql);
    writeFileSync(previous, readFileSync(schema, "utf8"));
    console.log(`wrote prisma/migrations/${db}/${name}.sql`);
  }
}

main();
