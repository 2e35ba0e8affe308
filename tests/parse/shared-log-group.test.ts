import { describe, expect, it } from "vitest";
import { parseAll } from "./helpers";

const report = (id: string) => `REPORT RequestId: ${id}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;

describe("a log group shared by several functions", () => {
  it("names each event's function from its stream, and the group's only where the stream does not name one", async () => {
    const payload = {
      messageType: "DATA_MESSAGE",
      owner: "123456789012",
      logGroup: "/app/shared",
      logStream: "2025/09/01/checkout[$LATEST]0123456789abcdef0123456789abcdef",
      subscriptionFilters: ["all"],
      logEvents: [{ id: "1", timestamp: 1756684800000, message: report("a1") }],
    };
    const plain = { ...payload, logGroup: "/aws/lambda/orders", logStream: "2025/09/01/[$LATEST]0123456789abcdef0123456789abcdef", logEvents: [{ id: "2", timestamp: 1756684800000, message: report("b1") }] };
    const { records } = await parseAll(JSON.stringify(payload) + JSON.stringify(plain));
    expect(records.map((r) => [r.fn, r.requestId])).toEqual([
      ["checkout", "a1"],
      ["orders", "b1"],
    ]);
  });
});
