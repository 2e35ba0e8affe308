import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { Store } from "../store/store";
import type { Sql } from "../store/sql";
import { ParseStats } from "../parse/stats";
import { LogEventParser } from "../parse/log-events";
import type { PlatformRecord } from "../parse/types";
import { BulkWriter } from "../store/ingest/bulk-writer";
import { IngestBatch } from "../store/ingest/batch";
import { commitBatch } from "../store/ingest/commit-batch";
import { withRetry } from "../store/transient";
import { createLogsClient, listLogGroups, LogGroupGoneError, type Checkpoint, type CloudWatchOptions, type LogGroupInfo } from "../sources/cloudwatch";
import { DEFAULT_LATENCY_MS, LogGroupFollower } from "../sources/cloudwatch/log-group-follower";
import type { JobPayload } from "../jobs/queue";
import { afterIngest } from "../alerts/after-ingest";
import { LambdaFactsRecorder } from "./lambda-facts-recorder";

export interface CloudWatchIngestOptions extends CloudWatchOptions {
  /** Where a log group without a checkpoint starts, epoch ms. */
  since: number;
  /** Read up to here (default: now). */
  until?: number;
  /** Time between polls when following (default 30 s): how often trailing windows are read again. */
  pollMs?: number;
  /** How late an event may reach CloudWatch and still be read (default 5 minutes; 0: never re-read). */
  latencyMs?: number;
  /** The clock the reading windows are measured by (tests). */
  now?: () => number;
  log?: (line: string) => void;
  /** Database retries per batch (default 6 attempts from 500 ms). */
  dbRetry?: { attempts: number; baseDelayMs: number };
}

export interface GroupResult {
  logGroup: string;
  functionName: string;
  events: number;
  stored: number;
  duplicates: number;
  status: "ok" | "gone";
  checkpoint: Checkpoint | null;
}

export interface PollResult {
  groups: GroupResult[];
  /** The newest event timestamp read from any group so far (or resumed from). */
  newestEventTs: number | null;
}

/** Log groups come and go: a follower lists them again this often. */
const LIST_EVERY_MS = 5 * 60_000;
/** Records per transaction when a poll brings many pages (a catch-up). */
const BATCH_RECORDS = 50_000;

const sourceKey = (o: CloudWatchOptions, group: string) => `cloudwatch:${o.endpoint ?? o.region ?? "default"}:${group}`;

interface FollowedGroup {
  info: LogGroupInfo;
  follower: LogGroupFollower;
  /** The ingest_sources row, when checkpoints are kept. */
  sourceId: number | null;
  /** The checkpoint last committed. */
  committed: string;
  done: boolean;
}

/**
 * Live ingestion from CloudWatch Logs, poll after poll: lists the log groups (again every
 * few minutes), reads each with a LogGroupFollower, stores what it reads in batches, each
 * in one transaction with the group's checkpoint and its rollups, and records what the
 * Lambda API says of the functions found. A poll that fails leaves the groups' state as
 * last committed, so the next one reads again whatever was not stored.
 */
export class CloudwatchIngester {
  private readonly client: CloudWatchLogsClient;
  private readonly writer = new BulkWriter();
  private readonly facts: LambdaFactsRecorder;
  private readonly followed = new Map<string, FollowedGroup>();
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private listed: { groups: LogGroupInfo[]; at: number } | null = null;

  constructor(
    private readonly store: Store,
    private readonly o: CloudWatchIngestOptions,
  ) {
    this.client = createLogsClient(o);
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
    this.facts = new LambdaFactsRecorder(store, o, this.log, this.now);
  }

  async poll(): Promise<PollResult> {
    const groups = await this.groups();
    const results: GroupResult[] = [];
    for (const info of groups) {
      const g = this.followed.get(info.name) ?? (await this.follow(info, true));
      const { result, functions } = await this.pollGroup(g);
      results.push(result);
      await this.facts.record(functions);
    }
    // alert rules see what this poll stored (evaluation is idempotent: a poll storing nothing changes nothing)
    if (results.some((r) => r.stored > 0)) await afterIngest(this.store, this.log);
    const newest = [...this.followed.values()].map((g) => g.follower.newestTs).filter((t): t is number => t !== null);
    return { groups: results, newestEventTs: newest.length ? Math.max(...newest) : null };
  }

  close(): void {
    this.client.destroy();
    this.facts.close();
  }

  /** One log group over one time slice, no checkpoint (a worker's job: slices are idempotent). */
  async readSlice(info: LogGroupInfo): Promise<GroupResult> {
    const { result } = await this.pollGroup(await this.follow(info, false));
    if (result.stored > 0) await afterIngest(this.store, this.log);
    return result;
  }

  private async groups(): Promise<LogGroupInfo[]> {
    if (this.listed && this.now() - this.listed.at < LIST_EVERY_MS) return this.listed.groups;
    const at = this.now();
    const groups = await listLogGroups(this.client, this.o);
    if (groups.length === 0 && !this.listed) {
      this.log(`no log groups under ${this.o.logGroupPrefix ?? "/aws/lambda/"}${this.o.functions?.length ? ` for ${this.o.functions.join(", ")}` : ""}`);
    }
    this.listed = { groups, at };
    return groups;
  }

  private async follow(info: LogGroupInfo, persist: boolean): Promise<FollowedGroup> {
    const key = sourceKey(this.o, info.name);
    const source = persist
      ? await this.store.prisma.ingestSource.upsert({ where: { key }, create: { kind: "cloudwatch", key, status: "running", startedAt: new Date() }, update: { status: "running", error: null } })
      : null;
    const from: Checkpoint | { startTime: number } =
      source?.checkpointTs != null ? { lastTs: source.checkpointTs, idsAtLastTs: JSON.parse(source.checkpointIds ?? "[]") as string[] } : { startTime: this.o.since };
    const follower = new LogGroupFollower(info.name, from, {
      pollMs: this.o.pollMs ?? 30_000,
      latencyMs: this.o.latencyMs ?? DEFAULT_LATENCY_MS,
      now: this.now,
    });
    const g: FollowedGroup = { info, follower, sourceId: source?.id ?? null, committed: JSON.stringify(from), done: false };
    if (persist) this.followed.set(info.name, g);
    return g;
  }

  /** Reads what is new in one group and stores it; the names of the functions it found. */
  private async pollGroup(g: FollowedGroup): Promise<{ result: GroupResult; functions: Set<string> }> {
    const result: GroupResult = { logGroup: g.info.name, functionName: g.info.functionName, events: 0, stored: 0, duplicates: 0, status: "ok", checkpoint: null };
    const functions = new Set<string>();
    const stats = new ParseStats();
    // the group's function is the default; a stream that names its function (a log group
    // shared by several) wins: the group itself is not passed on, since the name the
    // parser would derive from a custom group is not the one the Lambda API knows
    const parser = new LogEventParser({ source: g.info.name, defaultFunction: g.info.functionName }, stats);
    let batch = new IngestBatch();
    let checkpoint = g.follower.checkpoint;
    const store = async () => {
      const cp = JSON.stringify(checkpoint);
      if (batch.records === 0 && cp === g.committed) return;
      const w = await this.commit(g, batch, checkpoint);
      result.stored += w.stored;
      result.duplicates += w.duplicates;
      g.committed = cp;
      batch = new IngestBatch();
    };
    try {
      for await (const page of g.follower.poll(this.client, this.o.until, this.o)) {
        const records: PlatformRecord[] = [];
        parser.parse(
          page.events.map((e) => ({ logStream: e.logStream, timestamp: e.timestamp, message: e.message })),
          records,
        );
        for (const r of records) {
          batch.add(r);
          functions.add(r.fn);
        }
        result.events += page.events.length;
        checkpoint = page.checkpoint;
        if (batch.records >= BATCH_RECORDS) await store();
      }
      checkpoint = g.follower.checkpoint;
      await store();
    } catch (e) {
      // what was read but not stored must be read again: start over from the last commit
      this.followed.delete(g.info.name);
      if (!(e instanceof LogGroupGoneError)) throw e;
      result.status = "gone";
      if (this.listed) this.listed.groups = this.listed.groups.filter((l) => l.name !== g.info.name);
      this.log(`${g.info.name}: the log group disappeared while it was being read; kept what was read`);
      if (g.sourceId !== null) await this.store.prisma.ingestSource.update({ where: { id: g.sourceId }, data: { status: "gone", finishedAt: new Date() } });
    }
    if (result.status === "ok" && g.sourceId !== null && !g.done) {
      await this.store.prisma.ingestSource.update({ where: { id: g.sourceId }, data: { status: "done", finishedAt: new Date() } });
      g.done = true;
    }
    const cp = g.follower.checkpoint;
    result.checkpoint = "lastTs" in cp ? cp : null;
    return { result, functions };
  }

  private commit(g: FollowedGroup, batch: IngestBatch, checkpoint: Checkpoint | { startTime: number }) {
    const retry = this.o.dbRetry ?? { attempts: 6, baseDelayMs: 500 };
    const saveCheckpoint =
      g.sourceId === null || !("lastTs" in checkpoint)
        ? undefined
        : (tx: Sql) =>
            tx.run(`UPDATE "ingest_sources" SET "checkpointTs" = ?, "checkpointIds" = ?, "recordsDone" = "recordsDone" + ? WHERE "id" = ?`, [
              checkpoint.lastTs,
              JSON.stringify(checkpoint.idsAtLastTs),
              batch.records,
              g.sourceId,
            ]);
    return withRetry(() => commitBatch(this.store.sql, this.writer, batch, saveCheckpoint), {
      ...retry,
      onRetry: (n, ms, e) => this.log(`${g.info.name}: database error (${(e as Error).message}); retry ${n} in ${ms} ms`),
    });
  }
}

/** One pass over every matching log group: new events since each group's checkpoint. */
export async function ingestCloudwatch(store: Store, o: CloudWatchIngestOptions): Promise<GroupResult[]> {
  const ingester = new CloudwatchIngester(store, o);
  try {
    return (await ingester.poll()).groups;
  } finally {
    ingester.close();
  }
}

/** A worker's CloudWatch job: one log group over one time slice, no checkpoint (slices are idempotent). */
export async function runCloudwatchJob(store: Store, job: Extract<JobPayload, { kind: "cloudwatch" }>): Promise<GroupResult> {
  const functionName = job.logGroup.replace(/^\/aws\/lambda\//, "");
  const ingester = new CloudwatchIngester(store, { region: job.region, profile: job.profile, endpoint: job.endpoint, since: job.startTime, until: job.endTime });
  try {
    return await ingester.readSlice({ name: job.logGroup, functionName });
  } finally {
    ingester.close();
  }
}
