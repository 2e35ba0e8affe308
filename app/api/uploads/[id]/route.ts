import { denied, receiveUpload } from "@/lib/dashboard/receive-upload";
import { uploadQueue } from "@/lib/dashboard/uploads";
import { jsonError } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** GET /api/uploads/ID: an upload's progress and result. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = denied(request);
  if (refused) return refused;
  const { id } = await params;
  const u = uploadQueue().get(id);
  return u ? Response.json(u, { headers: { "cache-control": "no-store" } }) : jsonError(404, `no upload '${id}' on this server (uploads are kept until it restarts)`);
}

/** PUT /api/uploads/FILE_NAME: what `curl -T FILE http://HOST/api/uploads/` sends. */
export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return receiveUpload(request, decodeURIComponent(id));
}
