import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { Store } from "../store/store";
import { createLambdaClient, fetchAccountConcurrencyLimit, fetchFunctionFacts, type CloudWatchOptions } from "../sources/cloudwatch";
import { errorLabel, errorMessage } from "../sources/cloudwatch/retry";
import { refreshFunctionRegion } from "../store/ingest/region-rollups";

/** Functions are reconfigured now and then: a follower asks again after this long. */
const REFRESH_MS = 60 * 60_000;

/**
 * Stores what the Lambda API says of the functions whose logs were stored, on those
 * functions' rows (the names the logs gave them), at most once an hour each. Nothing here
 * stops log ingestion: a call that fails is said once per operation and kind of failure.
 */
export class LambdaFactsRecorder {
  private lambda: LambdaClient | null = null;
  private readonly askedAt = new Map<string, number>();
  private account: { limit: number | null; at: number } | null = null;
  private readonly said = new Set<string>();
  private readonly withoutFacts = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly o: CloudWatchOptions,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async record(functionNames: Iterable<string>): Promise<void> {
    const now = this.now();
    const due = [...new Set(functionNames)].filter((n) => !(now - (this.askedAt.get(n) ?? -Infinity) < REFRESH_MS)).sort();
    if (due.length === 0) return;
    this.lambda ??= createLambdaClient(this.o);
    const failed = (operation: string, e: unknown) => this.sayOnce(operation, e);
    if (!this.account || now - this.account.at >= REFRESH_MS) this.account = { limit: await fetchAccountConcurrencyLimit(this.lambda, failed), at: now };
    const unknown: string[] = [];
    for (const name of due) {
      this.askedAt.set(name, now);
      const facts = await fetchFunctionFacts(this.lambda, name, failed);
      if (!facts && !this.withoutFacts.has(name)) unknown.push(name);
      if (!facts) this.withoutFacts.add(name);
      else this.withoutFacts.delete(name);
      const data = {
        region: this.o.region ?? null,
        architecture: facts?.architecture,
        memoryMB: facts?.memoryMB,
        timeoutSec: facts?.timeoutSec,
        runtime: facts?.runtime,
        codeSizeBytes: facts?.codeSizeBytes,
        reservedConcurrency: facts?.reservedConcurrency,
        accountConcurrencyLimit: this.account.limit ?? undefined,
        factsUpdatedAt: facts ? new Date(now) : undefined,
      };
      const before = await this.store.prisma.lambdaFunction.findUnique({ where: { name }, select: { region: true } });
      const row = await this.store.prisma.lambdaFunction.upsert({ where: { name }, create: { name, ...data }, update: data, select: { id: true } });
      // region sums group functions by region: a function that has just learnt its region moves its minutes
      if (before && before.region !== data.region) await refreshFunctionRegion(this.store.sql, row.id);
    }
    if (unknown.length > 0) {
      this.log(`Lambda API: no configuration for ${unknown.join(", ")} (not permitted, not found, or the call failed); architecture defaults to x86_64 for ${unknown.length === 1 ? "it" : "them"}`);
    }
  }

  close(): void {
    this.lambda?.destroy();
    this.lambda = null;
  }

  private sayOnce(operation: string, e: unknown): void {
    const key = `${operation}:${errorLabel(e)}`;
    if (this.said.has(key)) return;
    this.said.add(key);
    this.log(
      `Lambda API ${operation} failed (${errorLabel(e)}: ${errorMessage(e)}); log ingestion goes on without what it tells, and this is said once`,
    );
  }
}
