import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { namesFromPath } from "../../lib/parse/names";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { reportFromStore } from "../../lib/store/report";
import { useTestStore } from "../store/databases";

const ID = "0f2d8c1e-4b7a-4c55-9e61-2a3b4c5d6e7f";
const LINES = `START RequestId: ${ID} Version: $LATEST\nREPORT RequestId: ${ID}\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n`;
const OPEN = { since: null, until: null };

describe("a file whose lines name no function is named after the file, up to its first dot", () => {
  it("takes the name before the first dot, whatever follows", () => {
    expect(namesFromPath("/x/orders-api.2024-05-01.log.gz").stem).toBe("orders-api");
    expect(namesFromPath("exports\\billing_v2.json").stem).toBe("billing_v2");
    expect(namesFromPath("/x/no-extension").stem).toBe("no-extension");
    expect(namesFromPath("/x/.hidden").stem).toBe(".hidden");
  });

  const store = useTestStore("sqlite");
  const dir = mkdtempSync(join(tmpdir(), "lambdalens-names-"));
  const file = join(dir, "orders-api.2024-05-01.log.gz");
  writeFileSync(file, gzipSync(LINES));

  it("analyze and ingest give the same name; --function wins in both", async () => {
    const analyzed = await analyzeInputs([file]);
    expect(analyzed.functions.map((f) => f.name)).toEqual(["orders-api"]);
    await ingestFile(store(), file);
    expect((await reportFromStore(store().sql, OPEN)).functions.map((f) => f.name)).toEqual(["orders-api"]);

    const given = await analyzeInputs([file], { functionName: "checkout" });
    expect(given.functions.map((f) => f.name)).toEqual(["checkout"]);
    await ingestFile(store(), file, { functionName: "checkout", force: true });
    expect((await reportFromStore(store().sql, OPEN)).functions.map((f) => [f.name, f.invocations])).toEqual([
      ["checkout", 1],
      ["orders-api", 1],
    ]);
  });
});
