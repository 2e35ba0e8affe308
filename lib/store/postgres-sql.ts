import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { numberedPlaceholders, type Sql } from "./sql";

type Queryable = pg.Pool | pg.PoolClient;

// COUNT(*) and SUM() over integers come back as int8 strings; lambdalens counts fit in a double
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export class PostgresSql implements Sql {
  readonly kind = "postgres" as const;
  private readonly sqlCache = new Map<string, string>();

  constructor(
    private readonly db: Queryable,
    private readonly pool: pg.Pool | null,
  ) {}

  static open(url: string, max = 4): PostgresSql {
    const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
    pool.on("error", () => {
      // an idle client lost its connection; the next query reconnects or fails loudly
    });
    return new PostgresSql(pool, pool);
  }

  private text(sql: string): string {
    let t = this.sqlCache.get(sql);
    if (t === undefined) {
      t = numberedPlaceholders(sql);
      this.sqlCache.set(sql, t);
    }
    return t;
  }

  async exec(sql: string): Promise<void> {
    await this.db.query(sql);
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.db.query(this.text(sql), params as unknown[])).rows as T[];
  }

  async queryArrays(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    return (await this.db.query({ text: this.text(sql), values: params as unknown[], rowMode: "array" })).rows as unknown[][];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.db.query(this.text(sql), params as unknown[])).rowCount ?? 0;
  }

  async copyIn(table: string, columns: readonly string[], text: Iterable<string>): Promise<void> {
    const client = this.pool ? await this.pool.connect() : (this.db as pg.PoolClient);
    try {
      // pipeline: backpressure, and the server's error (a unique violation, a lost connection)
      // rejects this call whichever piece was being written
      await pipeline(Readable.from(text), client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`)));
    } finally {
      if (this.pool) (client as pg.PoolClient).release();
    }
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (!this.pool) return fn(this);
    const client = await this.pool.connect();
    // a checked-out client has no listener of its own: a dropped connection would crash the process
    let lost: Error | null = null;
    const onError = (e: Error) => {
      lost = e;
    };
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const result = await fn(new PostgresSql(client, null));
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.off("error", onError);
      // a client whose connection broke must not go back to the pool
      client.release(lost ?? undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}
