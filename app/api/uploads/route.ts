import { denied, receiveUpload } from "@/lib/dashboard/receive-upload";
import { uploadQueue } from "@/lib/dashboard/uploads";

export const dynamic = "force-dynamic";

/** PUT /api/uploads?name=FILE[&function=NAME][&wait=1] with the file as the body. */
export async function PUT(request: Request) {
  return receiveUpload(request, null);
}

export const POST = PUT;

/** GET /api/uploads: this server's recent uploads, newest first. */
export async function GET(request: Request) {
  return denied(request) ?? Response.json({ uploads: uploadQueue().list() }, { headers: { "cache-control": "no-store" } });
}
