import { beginOf, type InvocationRow } from "../../lib/store/ingest/batch";

/** The same 18 values, in the same order, as BulkWriter writes; ids (from 1) from in-memory maps. */
export class RowValues {
  private readonly fnIds = new Map<string, number>();
  private readonly envIds = new Map<string, number>();
  /** [function id, stream] of every environment met, in id order. */
  readonly environments: [number, string][] = [];

  /** Function names met, in id order. */
  get functions(): string[] {
    return [...this.fnIds.keys()];
  }

  values(row: InvocationRow): unknown[] {
    let fid = this.fnIds.get(row.fn);
    if (fid === undefined) this.fnIds.set(row.fn, (fid = this.fnIds.size + 1));
    const ek = `${fid}\u0000${row.stream}`;
    let env = this.envIds.get(ek);
    if (env === undefined) {
      this.envIds.set(ek, (env = this.envIds.size + 1));
      this.environments.push([fid, row.stream]);
    }
    return [
      fid, row.requestId, env, row.startTs, row.reportTs, beginOf(row), row.durationMs, row.billedMs, row.memoryMB,
      row.maxMemoryMB, row.initMs, row.restoreMs, row.billedRestoreMs, row.status, row.errorType, row.hasReport, row.timeoutLine, row.timeoutTs,
    ];
  }
}
