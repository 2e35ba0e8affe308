import { describe, expect, it } from "vitest";
import { summarizeText, only } from "../parse/helpers";

const S1 = "2024/05/01/[$LATEST]11111111111111111111111111111111";
const S2 = "2024/05/01/[$LATEST]22222222222222222222222222222222";
const S3 = "2024/05/01/[$LATEST]33333333333333333333333333333333";
const S4 = "2024/05/01/[$LATEST]44444444444444444444444444444444";
const at = (sec: number) => `2024-05-01T00:${String(Math.floor(sec / 60)).padStart(2, "0")}:${(sec % 60).toFixed(3).padStart(6, "0")}000`;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const line = (stream: string, sec: number, msg: string) => `${stream} ${at(sec)} ${msg}`;
const init = (stream: string, sec: number) => line(stream, sec, "INIT_START Runtime Version: nodejs:20.v22\tRuntime Version ARN: arn");
function invoke(stream: string, sec: number, n: number, initMs?: number) {
  const extra = initMs === undefined ? "" : `\tInit Duration: ${initMs.toFixed(2)} ms`;
  return [
    line(stream, sec, `START RequestId: ${id(n)} Version: $LATEST`),
    line(stream, sec + 0.1, `REPORT RequestId: ${id(n)}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB${extra}`),
  ];
}

describe("pre-invoke and unused inits (reference section 6)", () => {
  it("classifies each environment by its first invocation", async () => {
    const lines = [
      // S1: on demand: init, then a cold start 0.3 s later
      init(S1, 0),
      ...invoke(S1, 0.3, 1, 250),
      ...invoke(S1, 5, 2),
      // S2: proactive: the first invocation reports no Init Duration
      init(S2, 10),
      ...invoke(S2, 40, 3),
      // S3: provisioned long before use: Init Duration reported but 30 s after the INIT_START
      init(S3, 20),
      ...invoke(S3, 50.5, 4, 900),
      // S4: never used
      init(S4, 30),
    ];
    const forward = only(await summarizeText(lines.join("\n")));
    expect([forward.preInvokeInits, forward.unusedInits, forward.coldStarts, forward.invocations]).toEqual([2, 1, 2, 4]);
    const backward = only(await summarizeText([...lines].reverse().join("\n")));
    expect([backward.preInvokeInits, backward.unusedInits]).toEqual([2, 1]);
  });

  it("an init exactly 10 s before its cold start is still on demand", async () => {
    const f = only(await summarizeText([init(S1, 0), ...invoke(S1, 10, 1, 9000)].join("\n")));
    expect(f.preInvokeInits).toBe(0);
  });

  it("matches inits to cold starts by time when the input names no stream", async () => {
    const plain = (sec: number, msg: string) => `${at(sec).slice(0, 23)}Z ${msg}`;
    const bare = [
      plain(0, "INIT_START Runtime Version: nodejs:20.v22"),
      plain(0.1, "INIT_START Runtime Version: nodejs:20.v22"),
      plain(30, "INIT_START Runtime Version: nodejs:20.v22"),
      plain(1, `START RequestId: ${id(1)}`),
      plain(1.1, `REPORT RequestId: ${id(1)}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 800.00 ms`),
      plain(2, `START RequestId: ${id(2)}`),
      plain(2.1, `REPORT RequestId: ${id(2)}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 800.00 ms`),
      plain(20, `START RequestId: ${id(3)}`),
      plain(20.1, `REPORT RequestId: ${id(3)}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`),
    ];
    // results sorted newest first (as Logs Insights returns them) must agree
    for (const order of [bare, [...bare].reverse()]) {
      const f = only(await summarizeText(order.join("\n")));
      expect([f.preInvokeInits, f.unusedInits]).toEqual([0, 1]);
    }
  });
});
