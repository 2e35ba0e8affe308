import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { reportFromStore } from "../../lib/store/report";
import type { Store } from "../../lib/store/store";
import { createTestDatabase, KINDS, type TestDatabase } from "./databases";
import { synthFleet } from "./fleet";
import { snapshot } from "./snapshot";

const OPEN = { since: null, until: null };
const fleet = synthFleet(["--invocations", "6000", "--functions", "3", "--format", "sam", "--seed", "11"], "fleet.log");
const lines = readFileSync(fleet.path, "utf8").split("\n");
const dir = dirname(fleet.path);
// two exports that overlap by a third, and their union
const a = join(dir, "a.log");
const b = join(dir, "b.log");
writeFileSync(a, lines.slice(0, Math.floor(lines.length * 0.66)).join("\n") + "\n");
writeFileSync(b, lines.slice(Math.floor(lines.length * 0.33)).join("\n") + "\n");

describe.each(KINDS)("ingestion into %s is idempotent", (kind) => {
  const dbs: TestDatabase[] = [];
  const stores: Store[] = [];
  const fresh = async () => {
    const db = await createTestDatabase(kind);
    dbs.push(db);
    const s = await db.open();
    stores.push(s);
    return s;
  };
  beforeEach(() => {
    dbs.length = 0;
    stores.length = 0;
  });
  afterEach(async () => {
    for (const s of stores) await s.close();
    for (const d of dbs) await d.drop();
  });

  it("the same export twice leaves the database as once", async () => {
    const once = await fresh();
    await ingestFile(once, fleet.path);
    const twice = await fresh();
    await ingestFile(twice, fleet.path);
    const skipped = await ingestFile(twice, fleet.path);
    expect(skipped.status).toBe("skipped");
    const forced = await ingestFile(twice, fleet.path, { force: true, batchRecords: 3000 });
    expect(forced.stored).toBe(0);
    expect(forced.duplicates).toBe(6000);
    expect(await snapshot(twice.sql)).toEqual(await snapshot(once.sql));
  });

  it("two overlapping exports, in either order, leave it as their union once", async () => {
    const union = await fresh();
    await ingestFile(union, fleet.path);
    const ab = await fresh();
    // sam logs name no function: the parts are named as the whole was
    await ingestFile(ab, a, { batchRecords: 2500, functionName: "fleet" });
    await ingestFile(ab, b, { batchRecords: 2500, functionName: "fleet" });
    const ba = await fresh();
    await ingestFile(ba, b, { functionName: "fleet" });
    await ingestFile(ba, a, { functionName: "fleet" });
    const want = await snapshot(union.sql);
    expect(want.reported).toBe(6000);
    expect(await snapshot(ab.sql)).toEqual(want);
    expect(await snapshot(ba.sql)).toEqual(want);
    expect((await reportFromStore(ba.sql, OPEN)).functions).toEqual((await reportFromStore(union.sql, OPEN)).functions);
  });
});
