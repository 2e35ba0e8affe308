import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { useTestStore } from "../store/databases";
import { BIN } from "../store/fleet";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
// every line behind a counter of its own width: no prefix of one shape to learn
const lines = [
  "capture of a test run",
  ...[1, 2, 3].flatMap((n) => [`START RequestId: ${id(n)} Version: $LATEST`, `REPORT RequestId: ${id(n)}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`]),
].map((l, i) => `${"#".repeat(i + 1)} ${l}`);
const file = join(mkdtempSync(join(tmpdir(), "lambdalens-nothing-")), "numbered.log");
writeFileSync(file, lines.join("\n") + "\n");
const WARNING = /numbered\.log: no line was read as a Lambda platform line, though line 2 and others look like one/;

describe("a file in which nothing was read, though lines look like platform lines", () => {
  it("analyze: a warning, and the first such lines with their numbers", async () => {
    const r = await analyzeInputs([file], { functionName: "f" });
    expect(r.functions).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(WARNING)]);
    expect(r.sources[0].issues.map((i) => i.line)).toEqual([2, 3, 4, 5, 6]);
    expect(r.sources[0].issues[0].reason).toBe(`looks like a platform line, not read as one (it does not start the message): "## START RequestId: ${id(1)} Versio…"`);
  });

  it("on the command line: the warning and the lines on stderr", () => {
    const r = spawnSync(process.execPath, [BIN, "analyze", "--json", file], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toEqual([expect.stringMatching(WARNING)]);
    expect(r.stderr).toMatch(WARNING);
    expect(r.stderr).toContain(`note: ${file}:3: looks like a platform line, not read as one (it does not start the message): "### REPORT RequestId: ${id(1)} Durat…"`);
  });

  const store = useTestStore("sqlite");
  it("ingest: the same warning in its summary", async () => {
    const s = await ingestFile(store(), file);
    expect(s.warnings).toEqual([expect.stringMatching(WARNING)]);
    expect(s.issues.map((i) => i.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it("says nothing once a platform line was read", async () => {
    const mixed = join(mkdtempSync(join(tmpdir(), "lambdalens-nothing-")), "mixed.log");
    writeFileSync(mixed, [...lines, `REPORT RequestId: ${id(9)}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`].join("\n") + "\n");
    const r = await analyzeInputs([mixed]);
    expect(r.warnings).toEqual([]);
    expect(r.sources[0].issues).toEqual([]);
  });
});
