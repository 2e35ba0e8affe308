import path from "node:path";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { FIXTURES, reportJson, servers } from "./support";

for (const kind of ["sqlite", "postgres"] as const) {
  const s = servers()[kind];
  test.describe(`the JSON API on ${kind}`, () => {
    test.use({ baseURL: s.url });

    test("fleet and function figures equal report --json for the same range", async ({ request }) => {
      for (const range of ["24h", "7d", "all"]) {
        const fleet = await (await request.get(`/api/fleet?range=${range}`)).json();
        const args = fleet.range.since === null ? [] : ["--since", new Date(fleet.range.since).toISOString(), "--until", new Date(fleet.range.until).toISOString()];
        const report = reportJson(s, args);
        expect(fleet.functions, range).toEqual(report.functions);
        const name = report.functions[0].name;
        const fn = await (await request.get(`/api/functions/${name}?range=${range}`)).json();
        expect(fn.summary).toEqual(reportJson(s, [...args, "--function", name]).functions[0]);
        expect(fn.buckets.length).toBeGreaterThanOrEqual(range === "all" ? 24 : 60);
        expect(fn.buckets.length).toBeLessThanOrEqual(201);
      }
      const viaApi = await (await request.get("/api/report")).json();
      expect(viaApi.functions).toEqual(reportJson(s).functions);
    });

    test("bad ranges and unknown functions get 400 and 404 with a message", async ({ request }) => {
      const bad = await request.get("/api/fleet?range=2w");
      expect(bad.status()).toBe(400);
      expect((await bad.json()).error).toMatch(/range: expected one of/);
      const custom = await request.get("/api/fleet?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z");
      expect(custom.status()).toBe(400);
      const missing = await request.get("/api/functions/no-such-function");
      expect(missing.status()).toBe(404);
      expect((await missing.json()).error).toMatch(/no function named 'no-such-function'/);
      const settings = await request.put("/api/settings", { data: { accountLimits: { "us-east-1": -5 } } });
      expect(settings.status()).toBe(400);
      expect((await settings.json()).error).toMatch(/accountLimits\.us-east-1: must be at least 1/);
    });

    test("an upload with curl -T (a PUT of the file) is stored once, however often it is sent", async ({ request }) => {
      const body = readFileSync(path.join(FIXTURES, "awsdocs-lambda-developer-guide-runtime-logs.log"));
      const first = await request.put("/api/uploads/runtime-logs.2024.log?wait=1", { data: body });
      expect(first.status()).toBe(200);
      expect((await first.json()).result).toMatchObject({ stored: 10, duplicates: 0 });
      const again = await request.put("/api/uploads/runtime-logs.2024.log?wait=1", { data: body });
      expect((await again.json()).result).toMatchObject({ stored: 0, duplicates: 10 });
      expect(reportJson(s, ["--function", "runtime-logs"]).functions[0].invocations).toBe(10);
      const queued = await request.put("/api/uploads?name=runtime-logs.log", { data: body });
      expect(queued.status()).toBe(202);
      const id = (await queued.json()).id;
      await expect.poll(async () => (await (await request.get(`/api/uploads/${id}`)).json()).state).toBe("done");
    });
  });
}
