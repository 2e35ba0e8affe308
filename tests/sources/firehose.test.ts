import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { accessKeyMatches, decodeRecord, MAX_RECORD_BYTES } from "../../lib/sources/firehose";

const payload = { messageType: "DATA_MESSAGE", owner: "1", logGroup: "/aws/lambda/f", logStream: "s", subscriptionFilters: [], logEvents: [{ id: "1", timestamp: 5, message: "m" }] };

describe("Firehose records", () => {
  it("reads a payload gzipped (CloudWatch Logs' own) or plain (a stream that decompresses it)", () => {
    const want = { messageType: "DATA_MESSAGE", logGroup: "/aws/lambda/f", logStream: "s", logEvents: [{ id: "1", timestamp: 5, message: "m" }] };
    expect(decodeRecord(gzipSync(JSON.stringify(payload)).toString("base64"))).toEqual(want);
    expect(decodeRecord(Buffer.from(JSON.stringify(payload)).toString("base64"))).toEqual(want);
  });

  it("refuses a record that inflates past the limit, or is not a payload", () => {
    const bomb = gzipSync(Buffer.alloc(MAX_RECORD_BYTES + 1, 32)).toString("base64");
    expect(() => decodeRecord(bomb)).toThrow(`inflates past ${MAX_RECORD_BYTES} bytes`);
    expect(() => decodeRecord(Buffer.from('{"hello": 1}').toString("base64"))).toThrow(/not a CloudWatch Logs subscription payload/);
  });

  it("compares access keys whatever their lengths", () => {
    expect(accessKeyMatches("k".repeat(40), "k".repeat(40))).toBe(true);
    expect(accessKeyMatches("k".repeat(39), "k".repeat(40))).toBe(false);
    expect(accessKeyMatches("", "")).toBe(true);
    expect(accessKeyMatches(null, "")).toBe(false);
  });
});
