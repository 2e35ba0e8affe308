import { loadDemoData } from "@/lib/dashboard/receive-upload";
import { errorResponse } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** POST /api/demo: ingests a synthetic fleet (6 functions, the last 24 hours) through the upload queue. */
export async function POST() {
  try {
    return await loadDemoData();
  } catch (e) {
    return errorResponse(e);
  }
}
