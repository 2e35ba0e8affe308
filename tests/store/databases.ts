import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { DatabaseKind } from "../../lib/store/database-url";
import { openStore, type Store } from "../../lib/store/store";

/** Every store test runs on both databases lambdalens ships. */
export const KINDS: DatabaseKind[] = ["sqlite", "postgres"];

const ADMIN_URL = process.env.LAMBDALENS_TEST_PG_ADMIN ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  open(): Promise<Store>;
  drop(): Promise<void>;
}

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`refusing to run tests against a non-local database (${host})`);
}

/** A fresh, empty database of the kind, which drop() removes again. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "lambdalens-db-"));
    const url = join(dir, "test.db");
    return { kind, url, open: () => openStore({ url }), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  assertLocal(ADMIN_URL);
  const name = `lambdalens_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    kind,
    url,
    open: () => openStore({ url }),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A fresh database of the kind, open while the describe block's tests run: made before them
 * all and dropped after them all, or around each test. Call the returned function for the store.
 */
export function useTestStore(kind: DatabaseKind, around: "all" | "each" = "all"): () => Store {
  let db: TestDatabase | undefined;
  let store: Store | undefined;
  const [before, after] = around === "all" ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    db = await createTestDatabase(kind);
    store = await db.open();
  });
  after(async () => {
    await store?.close();
    await db?.drop();
    store = db = undefined;
  });
  return () => {
    if (!store) throw new Error("the test store is open only while the block's tests run");
    return store;
  };
}
