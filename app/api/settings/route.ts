import { settingsData } from "@/lib/dashboard/settings-data";
import { writeSettings } from "@/lib/store/settings";
import { settingsPatchSchema } from "@/lib/settings/schema";
import { jsonBody, withServerStore } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** GET /api/settings: account limits per region, default region, price overrides, free tier, per-function overrides. */
export async function GET() {
  return withServerStore((store) => settingsData(store.sql));
}

/** PUT /api/settings {"accountLimits": {"eu-west-1": 3000}, "freeTier": true, "prices": {...}}: changes the keys given. */
export async function PUT(request: Request) {
  return withServerStore(async (store) => {
    const patch = settingsPatchSchema.parse(await jsonBody(request));
    await writeSettings(store.sql, patch);
    return settingsData(store.sql);
  });
}
