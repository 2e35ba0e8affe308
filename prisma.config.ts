import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// Prisma 7's schema engine downloads a binary; 6.19's JS engine runs offline. The CLI is
// used for `generate` and `migrate diff` only: lambdalens applies migrations itself.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.PRISMA_CLI_SQLITE_URL ?? "file:./data/prisma-cli.db" });
  },
});
