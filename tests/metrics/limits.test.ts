import { describe, expect, it } from "vitest";
import { accountLimit, describeLimit, resolveLimit, type LimitFacts } from "../../lib/metrics/limits";

const none: LimitFacts = { region: null, reservedConcurrency: null, reservedConcurrencyOverride: null, accountConcurrencyLimit: null };
const settings = { accountLimits: { "eu-west-1": 3000 }, defaultRegion: "us-east-1" };

describe("resolveLimit", () => {
  it("takes reserved concurrency first: the user's setting, then the Lambda API's", () => {
    expect(resolveLimit({ ...none, reservedConcurrency: 100, reservedConcurrencyOverride: 50 }, settings)).toEqual({ limit: 50, kind: "reserved", from: "settings" });
    expect(resolveLimit({ ...none, reservedConcurrency: 100, accountConcurrencyLimit: 5000 }, settings, 700)).toEqual({ limit: 100, kind: "reserved", from: "lambda-api" });
  });

  it("else the account limit of the function's region: command line, settings, Lambda API, AWS default", () => {
    expect(resolveLimit({ ...none, region: "eu-west-1", accountConcurrencyLimit: 5000 }, settings, 700)).toEqual({ limit: 700, kind: "account", from: "command-line" });
    expect(resolveLimit({ ...none, region: "eu-west-1", accountConcurrencyLimit: 5000 }, settings)).toEqual({ limit: 3000, kind: "account", from: "settings" });
    expect(resolveLimit({ ...none, region: "ap-south-1", accountConcurrencyLimit: 5000 }, settings)).toEqual({ limit: 5000, kind: "account", from: "lambda-api" });
    expect(resolveLimit(none, settings)).toEqual({ limit: 1000, kind: "account", from: "default" });
  });

  it("a function whose region is unknown is in the default region", () => {
    expect(accountLimit("us-east-1", { ...settings, accountLimits: { "us-east-1": 250 } })).toEqual({ limit: 250, kind: "account", from: "settings" });
    expect(resolveLimit(none, { ...settings, accountLimits: { "us-east-1": 250 } }).limit).toBe(250);
  });

  it("describes a limit in words", () => {
    expect(describeLimit({ limit: 1000, kind: "account", from: "default" })).toBe("account limit 1,000 (AWS default)");
    expect(describeLimit({ limit: 100, kind: "reserved", from: "lambda-api" })).toBe("reserved concurrency 100 (Lambda API)");
  });
});
