import type { Sql } from "../sql";
import type { BulkWriter, WriteResult } from "./bulk-writer";
import type { WriteBatch } from "./batch";
import { Touched } from "./touched";
import { refreshRollups } from "./rollups";

/**
 * Writes one batch and recomputes the rollups it touched in the same transaction, with
 * `alongside` (a source's checkpoint) in it too: whatever a run commits, `report` shows at
 * once, and a run stopped at any point leaves nothing stored but not counted.
 */
export async function commitBatch(sql: Sql, writer: BulkWriter, batch: WriteBatch, alongside?: (tx: Sql) => Promise<unknown>): Promise<WriteResult> {
  try {
    return await sql.transaction(async (tx) => {
      const touched = new Touched();
      const result = await writer.write(tx, batch, touched);
      await alongside?.(tx);
      await refreshRollups(tx, touched);
      return result;
    });
  } catch (e) {
    writer.forgetIds();
    throw e;
  }
}
