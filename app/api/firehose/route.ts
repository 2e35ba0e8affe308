import { handleFirehoseDelivery } from "@/lib/pipeline/ingest-firehose";
import { serverStore } from "@/lib/store/server-store";

// Amazon Data Firehose delivers CloudWatch Logs subscription data here; it authenticates
// with the delivery stream's access key only (LAMBDALENS_FIREHOSE_ACCESS_KEY), not a session.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return handleFirehoseDelivery(request, serverStore);
}
