import { writeFunctionOverrides } from "@/lib/store/settings";
import { functionOverridesSchema } from "@/lib/settings/schema";
import { NotFound } from "@/lib/dashboard/function-data";
import { settingsData } from "@/lib/dashboard/settings-data";
import { jsonBody, withServerStore } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** PUT /api/functions/NAME/settings {"reservedConcurrency": 100, "architecture": "arm64"}: null clears an override. */
export async function PUT(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return withServerStore(async (store) => {
    const overrides = functionOverridesSchema.parse(await jsonBody(request));
    if (!(await writeFunctionOverrides(store.sql, name, overrides))) throw new NotFound(`no function named '${name}'`);
    return (await settingsData(store.sql)).functions.find((f) => f.name === name);
  });
}
