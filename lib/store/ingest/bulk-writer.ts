import type { Sql } from "../sql";
import { valuesList } from "../sql";
import { beginOf, type IngestBatch, type InvocationRow } from "./batch";
import { invocationSql, pairParams, pairsIn, SQLITE_CHUNK } from "./invocation-sql";
import { Touched } from "./touched";

export interface WriteResult {
  /** Invocations (REPORTs) stored for the first time. */
  stored: number;
  /** REPORTs already stored (or repeated within the batch): nothing changed. */
  duplicates: number;
  initEvents: number;
}

interface Existing {
  hasReport: boolean | number;
  startTs: number | null;
  beginTs: number | null;
  timeoutLine: boolean | number;
}

const keyOf = (functionId: number, requestId: string) => `${functionId}\u0000${requestId}`;

interface Row {
  row: InvocationRow;
  fid: number;
  key: string;
  begin: number | null;
}

/**
 * Writes batches through the fastest path each driver offers: multi-row statements on
 * SQLite, column arrays through unnest() on PostgreSQL. New rows go in with one
 * INSERT .. ON CONFLICT DO NOTHING; only rows already stored are merged, so a re-ingest
 * costs a lookup, not a rewrite. Every write is idempotent.
 */
export class BulkWriter {
  private readonly functionIds = new Map<string, number>();
  private readonly environmentIds = new Map<string, number>();

  /** Ids learnt inside a transaction that rolled back may not exist: forget them. */
  forgetIds(): void {
    this.functionIds.clear();
    this.environmentIds.clear();
  }

  async functionId(tx: Sql, name: string): Promise<number> {
    let id = this.functionIds.get(name);
    if (id === undefined) {
      await tx.run(`INSERT INTO "functions" ("name") VALUES (?) ON CONFLICT ("name") DO NOTHING`, [name]);
      id = (await tx.query<{ id: number }>(`SELECT "id" FROM "functions" WHERE "name" = ?`, [name]))[0].id;
      this.functionIds.set(name, id);
    }
    return id;
  }

  private async environmentIdsFor(tx: Sql, pairs: [number, string][]): Promise<void> {
    const missing = [...new Map(pairs.filter(([f, s]) => !this.environmentIds.has(keyOf(f, s))).map((p) => [keyOf(p[0], p[1]), p])).values()];
    for (let i = 0; i < missing.length; i += 400) {
      const chunk = missing.slice(i, i + 400);
      await tx.run(`INSERT INTO "environments" ("functionId", "stream") VALUES ${valuesList(chunk.length, 2)} ON CONFLICT ("functionId", "stream") DO NOTHING`, chunk.flat());
      const rows = await tx.query<{ id: number; functionId: number; stream: string }>(
        `SELECT "id", "functionId", "stream" FROM "environments" WHERE ${pairsIn(tx.kind, ["functionId", "stream"], chunk.length)}`,
        pairParams(tx.kind, chunk),
      );
      for (const r of rows) this.environmentIds.set(keyOf(r.functionId, r.stream), r.id);
    }
  }

  private env(functionId: number, stream: string): number {
    return this.environmentIds.get(keyOf(functionId, stream))!;
  }

  async write(tx: Sql, batch: IngestBatch, touched: Touched): Promise<WriteResult> {
    const fnIds = new Map<string, number>();
    const fnOf = async (name: string) => {
      let id = fnIds.get(name);
      if (id === undefined) fnIds.set(name, (id = await this.functionId(tx, name)));
      return id;
    };
    // each row's key and interval start, worked out once: sorting and matching use them again and again
    const rows: Row[] = [];
    for (const row of batch.invocations.values()) {
      const fid = await fnOf(row.fn);
      rows.push({ row, fid, key: keyOf(fid, row.requestId), begin: beginOf(row) });
    }
    const inits = [];
    for (const e of batch.initEvents) inits.push({ e, fid: await fnOf(e.fn) });
    await this.environmentIdsFor(tx, [...rows.map((r) => [r.fid, r.row.stream] as [number, string]), ...inits.map((i) => [i.fid, i.e.stream] as [number, string])]);
    if (tx.kind === "postgres") {
      // one lock order for every writer, so concurrent workers cannot deadlock
      rows.sort((a, b) => a.fid - b.fid || (a.row.requestId < b.row.requestId ? -1 : a.row.requestId > b.row.requestId ? 1 : 0));
    } else {
      // SQLite has one writer; rows stored in time order are read back (rollups) sequentially
      rows.sort((a, b) => a.fid - b.fid || (a.begin ?? 0) - (b.begin ?? 0));
    }
    const values = rows.map((r) => this.values(r));
    const q = invocationSql(tx.kind);
    const inserted = new Set<string>();
    const chunk = tx.kind === "sqlite" ? SQLITE_CHUNK : 20_000;
    for (let i = 0; i < values.length; i += chunk) {
      const part = values.slice(i, i + chunk);
      for (const r of await tx.query<{ functionId: number; requestId: string }>(q.insertNew(part.length), q.params(part))) inserted.add(keyOf(r.functionId, r.requestId));
    }
    let stored = 0;
    const conflicted: Row[] = [];
    for (const r of rows) {
      if (!inserted.has(r.key)) conflicted.push(r);
      else if (r.row.hasReport) stored++;
    }
    let duplicates = batch.duplicateReports;
    const merge: unknown[][] = [];
    for (let i = 0; i < conflicted.length; i += SQLITE_CHUNK) {
      const part = conflicted.slice(i, i + SQLITE_CHUNK);
      const keys = part.map(({ row, fid }) => [fid, row.requestId] as [number, string]);
      const existing = new Map((await tx.query<Existing & { functionId: number; requestId: string }>(q.existing(keys.length), q.existingParams(keys))).map((e) => [keyOf(e.functionId, e.requestId), e]));
      for (const r of part) {
        const { row, fid } = r;
        const old = existing.get(r.key);
        if (!old) continue;
        if (row.hasReport && old.hasReport) duplicates++;
        const changes =
          (row.hasReport && !old.hasReport) ||
          (row.startTs !== null && (old.startTs === null || row.startTs < old.startTs)) ||
          (row.timeoutLine && !old.timeoutLine);
        if (!changes) continue;
        if (row.hasReport && !old.hasReport) stored++;
        touched.addMinute(fid, old.beginTs);
        merge.push(this.values(r));
      }
    }
    for (let i = 0; i < merge.length; i += chunk) {
      const part = merge.slice(i, i + chunk);
      await tx.run(q.merge(part.length), q.params(part));
    }
    for (const { row, fid, begin } of rows) {
      touched.addMinute(fid, begin);
      touched.environments.add(this.env(fid, row.stream));
    }
    let initEvents = 0;
    for (let i = 0; i < inits.length; i += 300) {
      const part = inits.slice(i, i + 300);
      initEvents += await tx.run(
        `INSERT INTO "init_events" ("functionId", "environmentId", "kind", "ts", "durationMs", "phase", "status", "initType", "runtime", "dedupKey") VALUES ${valuesList(part.length, 10)} ON CONFLICT ("environmentId", "dedupKey") DO NOTHING`,
        part.flatMap(({ e, fid }) => [fid, this.env(fid, e.stream), e.kind, e.ts, e.durationMs, e.phase, e.status, e.initType, e.runtime, e.dedupKey]),
      );
    }
    return { stored, duplicates, initEvents };
  }

  private values({ row, fid, begin }: Row): unknown[] {
    return [
      fid, row.requestId, this.env(fid, row.stream), row.startTs, row.reportTs, begin, row.durationMs, row.billedMs, row.memoryMB,
      row.maxMemoryMB, row.initMs, row.restoreMs, row.billedRestoreMs, row.status, row.errorType, row.hasReport, row.timeoutLine, row.timeoutTs,
    ];
  }
}
