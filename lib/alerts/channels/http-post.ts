import http from "node:http";
import https from "node:https";
import { guardedLookup } from "../targets";

export interface PostResult {
  status: number;
  body: string;
}

/**
 * POSTs a body to a URL whose resolved address is checked before connecting (see
 * targets.ts); no redirects are followed, so a receiver cannot bounce us elsewhere.
 */
export function httpPost(url: string, body: string, headers: Record<string, string>, o: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const client = u.protocol === "https:" ? https : http;
    const req = client.request(
      u,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body).toString(), "user-agent": "lambdalens-alerts", ...headers },
        lookup: guardedLookup(o.allowPrivate) as never,
        timeout: o.timeoutMs,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          // a receiver's answer matters only for the error message
          if ((size += c.length) <= 4096) chunks.push(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
