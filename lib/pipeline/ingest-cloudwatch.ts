import type { Store } from "../store/store";
import { ParseStats } from "../parse/stats";
import { LogEventParser } from "../parse/log-events";
import type { PlatformRecord } from "../parse/types";
import { BulkWriter } from "../store/ingest/bulk-writer";
import { IngestBatch } from "../store/ingest/batch";
import { Touched } from "../store/ingest/touched";
import { refreshRollups } from "../store/ingest/rollups";
import {
  createLambdaClient,
  createLogsClient,
  fetchAccountConcurrencyLimit,
  fetchFunctionFacts,
  listLogGroups,
  LogGroupGoneError,
  readLogGroup,
  type Checkpoint,
  type CloudWatchOptions,
  type LogGroupInfo,
} from "../sources/cloudwatch";
import type { JobPayload } from "../jobs/queue";
import { afterIngest } from "../alerts/after-ingest";

export interface CloudWatchIngestOptions extends CloudWatchOptions {
  /** Where a log group without a checkpoint starts, epoch ms. */
  since: number;
  /** Read up to here (default: now). */
  until?: number;
  log?: (line: string) => void;
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

const sourceKey = (o: CloudWatchOptions, group: string) => `cloudwatch:${o.endpoint ?? o.region ?? "default"}:${group}`;

/**
 * Fills function facts from the Lambda API where permitted. Logs carry no architecture,
 * timeout or reserved concurrency; without permission lambdalens carries on without them.
 */
async function recordFacts(store: Store, groups: LogGroupInfo[], o: CloudWatchOptions, log: (l: string) => void): Promise<void> {
  const lambda = createLambdaClient(o);
  const accountLimit = await fetchAccountConcurrencyLimit(lambda);
  let denied = 0;
  for (const g of groups) {
    const facts = await fetchFunctionFacts(lambda, g.functionName);
    if (!facts) denied++;
    const data = {
      region: o.region ?? null,
      architecture: facts?.architecture ?? undefined,
      memoryMB: facts?.memoryMB ?? undefined,
      timeoutSec: facts?.timeoutSec ?? undefined,
      runtime: facts?.runtime ?? undefined,
      reservedConcurrency: facts?.reservedConcurrency === undefined ? undefined : facts.reservedConcurrency,
      accountConcurrencyLimit: accountLimit ?? undefined,
      factsUpdatedAt: facts ? new Date() : undefined,
    };
    await store.prisma.lambdaFunction.upsert({ where: { name: g.functionName }, create: { name: g.functionName, ...data }, update: data });
  }
  if (denied > 0) log(`Lambda API: no configuration for ${denied} of ${groups.length} function(s) (not permitted or not found); architecture defaults to x86_64 for them`);
}

/** Writes one page of events with the group's checkpoint, in one transaction. */
async function writePage(store: Store, writer: BulkWriter, touched: Touched, records: PlatformRecord[], sourceId: number | null, checkpoint: Checkpoint) {
  const batch = new IngestBatch();
  for (const r of records) batch.add(r);
  return store.sql
    .transaction(async (tx) => {
      const result = await writer.write(tx, batch, touched);
      if (sourceId !== null) {
        await tx.run(`UPDATE "ingest_sources" SET "checkpointTs" = ?, "checkpointIds" = ?, "recordsDone" = "recordsDone" + ? WHERE "id" = ?`, [
          checkpoint.lastTs,
          JSON.stringify(checkpoint.idsAtLastTs),
          batch.records,
          sourceId,
        ]);
      }
      return result;
    })
    .catch((e) => {
      writer.forgetIds();
      throw e;
    });
}

/** Reads one log group from its checkpoint (or `since`) and stores what it finds. */
async function ingestGroup(store: Store, g: LogGroupInfo, o: CloudWatchIngestOptions, persistCheckpoint: boolean): Promise<GroupResult> {
  const client = createLogsClient(o);
  const key = sourceKey(o, g.name);
  const source = persistCheckpoint
    ? await store.prisma.ingestSource.upsert({ where: { key }, create: { kind: "cloudwatch", key, status: "running", startedAt: new Date() }, update: { status: "running", error: null } })
    : null;
  const from: Checkpoint | { startTime: number } =
    source?.checkpointTs != null ? { lastTs: source.checkpointTs, idsAtLastTs: JSON.parse(source.checkpointIds ?? "[]") as string[] } : { startTime: o.since };
  const stats = new ParseStats();
  const parser = new LogEventParser({ source: g.name, defaultFunction: g.functionName }, stats);
  const writer = new BulkWriter();
  const touched = new Touched();
  const result: GroupResult = { logGroup: g.name, functionName: g.functionName, events: 0, stored: 0, duplicates: 0, status: "ok", checkpoint: null };
  try {
    for await (const page of readLogGroup(client, g.name, from, o.until, o)) {
      const records: PlatformRecord[] = [];
      parser.parse(page.events, records);
      const w = await writePage(store, writer, touched, records, source?.id ?? null, page.checkpoint);
      result.events += page.events.length;
      result.stored += w.stored;
      result.duplicates += w.duplicates;
      result.checkpoint = page.checkpoint;
    }
  } catch (e) {
    if (!(e instanceof LogGroupGoneError)) throw e;
    result.status = "gone";
    o.log?.(`${g.name}: the log group disappeared while it was being read; kept what was read`);
  } finally {
    await refreshRollups(store.sql, touched);
    client.destroy();
  }
  if (source) await store.prisma.ingestSource.update({ where: { id: source.id }, data: { status: result.status === "gone" ? "gone" : "done", finishedAt: new Date() } });
  return result;
}

/** One pass over every matching log group: new events since each group's checkpoint. */
export async function ingestCloudwatch(store: Store, o: CloudWatchIngestOptions): Promise<GroupResult[]> {
  const log = o.log ?? (() => undefined);
  const client = createLogsClient(o);
  const groups = await listLogGroups(client, o).finally(() => client.destroy());
  if (groups.length === 0) log(`no log groups under ${o.logGroupPrefix ?? "/aws/lambda/"}${o.functions?.length ? ` for ${o.functions.join(", ")}` : ""}`);
  await recordFacts(store, groups, o, log);
  const results: GroupResult[] = [];
  for (const g of groups) results.push(await ingestGroup(store, g, o, true));
  await afterIngest(store, log);
  return results;
}

/** A worker's CloudWatch job: one log group over one time slice, no checkpoint (slices are idempotent). */
export async function runCloudwatchJob(store: Store, job: Extract<JobPayload, { kind: "cloudwatch" }>): Promise<GroupResult> {
  const functionName = job.logGroup.replace(/^\/aws\/lambda\//, "");
  const result = await ingestGroup(store, { name: job.logGroup, functionName }, { region: job.region, profile: job.profile, endpoint: job.endpoint, since: job.startTime, until: job.endTime }, false);
  await afterIngest(store);
  return result;
}
