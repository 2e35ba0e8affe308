import type { Metadata } from "next";
import { env } from "@/lib/config/env";
import { UploadArea } from "../_components/upload-area";
import { DemoButton } from "../_components/demo-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Upload" };

export default function UploadPage() {
  const max = env().LAMBDALENS_UPLOAD_MAX_BYTES;
  return (
    <>
      <h1>Upload log exports</h1>
      <p className="muted">
        Files are streamed to the server and ingested one after another; the same invocations uploaded twice are stored once. A file whose lines name no function is stored under
        the name in its box, its file name up to the first dot unless you change it.
      </p>
      <section className="panel">
        <UploadArea maxBytes={max} />
      </section>
      <section className="panel">
        <h2>From a script</h2>
        <pre>
          <code>{`curl -T orders-api.2024-05-01.log.gz "http://localhost:3000/api/uploads/?wait=1"
curl -T export.json "http://localhost:3000/api/uploads/?function=orders-api&wait=1"`}</code>
        </pre>
        <p className="muted">
          With a password set, add <code>-H &quot;Authorization: Bearer $LAMBDALENS_API_TOKEN&quot;</code>. Without <code>wait=1</code> the answer comes as soon as the file is received, with
          an id to follow at <code>/api/uploads/ID</code>.
        </p>
      </section>
      <section className="panel">
        <h2>No logs at hand?</h2>
        <DemoButton />
      </section>
    </>
  );
}
