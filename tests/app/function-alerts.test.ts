import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { FunctionAlerts } from "../../app/_components/alerts/function-alerts";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { serverStore } from "../../lib/store/server-store";
import { useTestStore } from "../store/databases";
import { logExport, minute, steady } from "../alerts/traffic";

describe("FunctionAlerts, the function page's alerts", () => {
  const store = useTestStore("sqlite");
  afterAll(async () => {
    await (await serverStore()).close();
    delete process.env.DATABASE_URL;
  });

  it("shows a function's active alerts with their numbers, and nothing for a quiet function", async () => {
    const s = store();
    await s.prisma.lambdaFunction.create({ data: { name: "orders-api", reservedConcurrency: 100 } });
    await ingestFile(s, logExport("orders-api", [...steady(0, 5, 10), { minute: minute(5), concurrency: 90 }]));
    await ingestFile(s, logExport("calm-api", steady(0, 5, 10)));
    process.env.DATABASE_URL = s.target.url;
    const html = renderToStaticMarkup(await FunctionAlerts({ name: "orders-api" }));
    expect(html).toContain("1 active alert</h2>");
    expect(html).toContain("<strong>concurrency near the limit</strong>: 90 of 100 concurrent executions (threshold 80 concurrent executions), since 2026-11-01 12:06 UTC");
    expect(html).toContain('href="/alerts"');
    expect(await FunctionAlerts({ name: "calm-api" })).toBeNull();
  });
});
