import type { Sql } from "../sql";
import { valuesList } from "../sql";
import { beginOf, type InvocationRow, type WriteBatch } from "./batch";
import { copyText } from "./copy-text";
import { INVOCATION_COLUMNS, invocationSql, pairParams, pairsIn, POSTGRES_STAGE, SQLITE_CHUNK, SQLITE_INSERT, STAGE_TABLE } from "./invocation-sql";
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

/** Whether merging the row into the stored one changes it: a first REPORT, an earlier START, a first timeout line. */
const changes = (row: InvocationRow, old: Existing): boolean =>
  (row.hasReport && !old.hasReport) || (row.startTs !== null && (old.startTs === null || row.startTs < old.startTs)) || (row.timeoutLine && !old.timeoutLine);

const UNIQUE_VIOLATION = "23505";

type CopyingSql = Sql & { copyIn: NonNullable<Sql["copyIn"]> };

/** A request whose START and REPORT are both in the row. */
const isWhole = (r: Row): boolean => r.row.hasReport && r.row.startTs !== null;

const keyOf = (functionId: number, requestId: string) => `${functionId}\u0000${requestId}`;
/** A row's key, made only where rows meet stored ones: most batches never need it. */
const keyOfRow = (r: Row) => keyOf(r.fid, r.row.requestId);

interface Row {
  row: InvocationRow;
  fid: number;
  env: number;
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

  /** Whether the last batch was mostly rows stored before. */
  private lookupFirst = false;

  /** Inserts the part if none of it is stored; otherwise inserts nothing, looks it up and returns the rows not stored. */
  private async insertAllOrLookUp(tx: Sql, part: Row[], stored: Map<string, Existing>, chunk: number): Promise<Row[]> {
    const q = invocationSql(tx.kind);
    await tx.run("SAVEPOINT bulk_insert");
    const n = await tx.run(SQLITE_INSERT.quiet(part.length), q.params(this.values(part), part.length));
    if (n !== part.length) await tx.run("ROLLBACK TO SAVEPOINT bulk_insert");
    await tx.run("RELEASE SAVEPOINT bulk_insert");
    if (n === part.length) return [];
    await this.lookUp(tx, part, stored, chunk);
    return part.filter((r) => !stored.has(keyOfRow(r)));
  }

  /**
   * PostgreSQL: inserts the rows not stored yet; returns the others. Whole requests (START
   * and REPORT) are COPYed straight into the table: a third less work for the server than
   * through the stage table. If one of them is stored already the COPY fails whole (COPY
   * knows no ON CONFLICT) and is undone. Halves of requests, which usually meet the other
   * half an earlier batch stored, and a batch whose COPY failed, go through the stage.
   */
  private async insertNewRows(tx: CopyingSql, rows: Row[]): Promise<Row[]> {
    const whole = rows.filter(isWhole);
    let rest = rows;
    if (whole.length > 0) {
      await tx.run("SAVEPOINT copy_new");
      try {
        await tx.copyIn("invocations", INVOCATION_COLUMNS, copyText(this.values(whole), INVOCATION_COLUMNS.length));
        rest = whole.length === rows.length ? [] : rows.filter((r) => !isWhole(r));
      } catch (e) {
        if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
        await tx.run("ROLLBACK TO SAVEPOINT copy_new");
      }
      await tx.run("RELEASE SAVEPOINT copy_new");
    }
    return rest.length > 0 ? this.insertStaged(tx, rest) : [];
  }

  /**
   * PostgreSQL: COPYs the rows into the stage table and inserts those not stored yet with
   * one INSERT .. SELECT; returns the rows it did not insert.
   */
  private async insertStaged(tx: CopyingSql, rows: Row[]): Promise<Row[]> {
    await tx.exec(POSTGRES_STAGE.prepare);
    await tx.copyIn(STAGE_TABLE, INVOCATION_COLUMNS, copyText(this.values(rows), INVOCATION_COLUMNS.length));
    const [{ n }] = await tx.query<{ n: number }>(POSTGRES_STAGE.insert);
    if (n === rows.length) return [];
    const byKey = new Map(rows.map((r) => [keyOfRow(r), r]));
    return (await tx.queryArrays(POSTGRES_STAGE.notInserted)).map(([f, id]) => byKey.get(keyOf(Number(f), id as string))!);
  }

  /** The stored state of those rows that are stored, by key. */
  private async lookUp(tx: Sql, rows: Row[], into: Map<string, Existing>, chunk: number, forUpdate = false): Promise<void> {
    const q = invocationSql(tx.kind);
    for (let i = 0; i < rows.length; i += chunk) {
      const keys = rows.slice(i, i + chunk).map(({ row, fid }) => [fid, row.requestId] as [number, string]);
      for (const e of await tx.query<Existing & { functionId: number; requestId: string }>(q.existing(keys.length, forUpdate), q.existingParams(keys))) into.set(keyOf(e.functionId, e.requestId), e);
    }
  }

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

  async write(tx: Sql, batch: WriteBatch, touched: Touched): Promise<WriteResult> {
    const fnIds = new Map<string, number>();
    const fnOf = async (name: string) => {
      let id = fnIds.get(name);
      if (id === undefined) fnIds.set(name, (id = await this.functionId(tx, name)));
      return id;
    };
    const named: { row: InvocationRow; fid: number }[] = [];
    for (const row of batch.invocations.values()) named.push({ row, fid: await fnOf(row.fn) });
    const inits = [];
    for (const e of batch.initEvents) inits.push({ e, fid: await fnOf(e.fn) });
    await this.environmentIdsFor(tx, [...named.map((r) => [r.fid, r.row.stream] as [number, string]), ...inits.map((i) => [i.fid, i.e.stream] as [number, string])]);
    // each row's environment and interval start, worked out once: sorting and values use them again and again
    const rows: Row[] = named.map(({ row, fid }) => ({ row, fid, env: this.env(fid, row.stream), begin: beginOf(row) }));
    if (tx.kind === "postgres") {
      // one lock order for every writer, so concurrent workers cannot deadlock
      rows.sort((a, b) => a.fid - b.fid || (a.row.requestId < b.row.requestId ? -1 : a.row.requestId > b.row.requestId ? 1 : 0));
    } else {
      // SQLite has one writer; rows stored in time order are read back (rollups) sequentially
      rows.sort((a, b) => a.fid - b.fid || (a.begin ?? 0) - (b.begin ?? 0));
    }
    const q = invocationSql(tx.kind);
    const chunk = tx.kind === "sqlite" ? SQLITE_CHUNK : 20_000;
    const stored = new Map<string, Existing>();
    // a batch of rows mostly stored already (a re-ingest, an overlapping export) is looked
    // up first and only the rest inserted: one index probe per row instead of two
    let fresh = rows;
    if (this.lookupFirst) {
      await this.lookUp(tx, rows, stored, chunk);
      fresh = rows.filter((r) => !stored.has(keyOfRow(r)));
    }
    const late: Row[] = [];
    if (tx.copyIn) {
      if (fresh.length > 0) late.push(...(await this.insertNewRows(tx as CopyingSql, fresh)));
    } else {
      for (let i = 0; i < fresh.length; i += chunk) {
        // the usual case, all new, goes in without RETURNING (a million ids read back for
        // nothing); a part that meets rows stored already is undone and looked up
        const part = await this.insertAllOrLookUp(tx, fresh.slice(i, i + chunk), stored, chunk);
        if (part.length === 0) continue;
        const returned = await tx.queryArrays(SQLITE_INSERT.returning(part.length), q.params(this.values(part), part.length));
        if (returned.length === part.length) continue;
        const inserted = new Set(returned.map((r) => keyOf(Number(r[0]), r[1] as string)));
        for (const r of part) if (!inserted.has(keyOfRow(r))) late.push(r);
      }
    }
    await this.lookUp(tx, late, stored, chunk);
    // rows not inserted by this batch: stored before, or (late) by another writer meanwhile
    const conflicted = new Set<Row>(late);
    if (stored.size > 0) for (const r of rows) if (stored.has(keyOfRow(r))) conflicted.add(r);
    this.lookupFirst = conflicted.size > rows.length / 2;
    let merge: Row[] = [];
    for (const r of rows) {
      const old = conflicted.has(r) ? stored.get(keyOfRow(r)) : undefined;
      if (old && changes(r.row, old)) merge.push(r);
    }
    if (tx.kind === "postgres" && merge.length > 0) {
      // Another worker may merge the same rows between that read and this write (both then
      // counting one REPORT as new). Read them again, locked until commit; rows that need
      // no change are stable (a REPORT, an earlier START or a timeout line is never undone).
      await this.lookUp(tx, merge, stored, chunk, true);
      merge = merge.filter((r) => changes(r.row, stored.get(keyOfRow(r))!));
    }
    let newReports = 0;
    let duplicates = batch.duplicateReports;
    for (const r of rows) {
      if (!r.row.hasReport) continue;
      if (!conflicted.has(r)) {
        newReports++;
        continue;
      }
      // a REPORT meeting a stored row without one changes it, so that row is being merged
      const old = stored.get(keyOfRow(r));
      if (old?.hasReport) duplicates++;
      else if (old) newReports++;
    }
    for (const r of merge) touched.addMinute(r.fid, stored.get(keyOfRow(r))!.beginTs);
    for (let i = 0; i < merge.length; i += chunk) {
      const part = merge.slice(i, i + chunk);
      await tx.run(q.merge(part.length), q.params(this.values(part), part.length));
    }
    for (const { fid, env, begin } of rows) {
      touched.addMinute(fid, begin);
      touched.environments.add(env);
    }
    let initEvents = 0;
    for (let i = 0; i < inits.length; i += 300) {
      const part = inits.slice(i, i + 300);
      initEvents += await tx.run(
        `INSERT INTO "init_events" ("functionId", "environmentId", "kind", "ts", "durationMs", "phase", "status", "initType", "runtime", "dedupKey") VALUES ${valuesList(part.length, 10)} ON CONFLICT ("environmentId", "dedupKey") DO NOTHING`,
        part.flatMap(({ e, fid }) => [fid, this.env(fid, e.stream), e.kind, e.ts, e.durationMs, e.phase, e.status, e.initType, e.runtime, e.dedupKey]),
      );
    }
    return { stored: newReports, duplicates, initEvents };
  }

  /** The rows' values, row after row in INVOCATION_COLUMNS order. */
  private values(rows: Row[]): unknown[] {
    const out = new Array<unknown>(rows.length * INVOCATION_COLUMNS.length);
    let k = 0;
    for (const { row, fid, env, begin } of rows) {
      out[k++] = fid;
      out[k++] = row.requestId;
      out[k++] = env;
      out[k++] = row.startTs;
      out[k++] = row.reportTs;
      out[k++] = begin;
      out[k++] = row.durationMs;
      out[k++] = row.billedMs;
      out[k++] = row.memoryMB;
      out[k++] = row.maxMemoryMB;
      out[k++] = row.initMs;
      out[k++] = row.restoreMs;
      out[k++] = row.billedRestoreMs;
      out[k++] = row.status;
      out[k++] = row.errorType;
      out[k++] = row.hasReport;
      out[k++] = row.timeoutLine;
      out[k++] = row.timeoutTs;
    }
    return out;
  }
}
