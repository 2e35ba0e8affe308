/** Function and log-stream names from what an export carries. */

const LAMBDA_GROUP_PREFIX = "/aws/lambda/";
// custom log groups put the function in the stream: YYYY/MM/DD/<function>[<version>]<32 hex>
const CUSTOM_STREAM = /^\d{4}\/\d{2}\/\d{2}\/([^[\]/]+)\[[^\]]*\][0-9a-f]{32}$/;
const STREAM_IN_PATH = /(\d{4}\/\d{2}\/\d{2}\/[^/]*\[[^\]]*\][0-9a-fA-F]{32})/;
const GROUP_IN_PATH = /\/aws\/lambda\/([^/]+)\//;

/** The function a log group (or `account:group` from Logs Insights' @log) belongs to. */
export function functionFromGroup(group: string): string {
  const colon = group.indexOf(":");
  const g = colon >= 0 && !group.startsWith("/") ? group.slice(colon + 1) : group;
  if (g.startsWith(LAMBDA_GROUP_PREFIX)) return g.slice(LAMBDA_GROUP_PREFIX.length);
  return g.replace(/^\/+/, "");
}

export function functionFromStream(stream: string): string | null {
  const m = CUSTOM_STREAM.exec(stream);
  return m ? m[1] : null;
}

/** True where s[i] starts a stream name `YYYY/MM/DD/...`. */
export function looksLikeStream(s: string, i: number): boolean {
  return s.charCodeAt(i + 4) === 47 && s.charCodeAt(i + 7) === 47 && s.charCodeAt(i + 10) === 47 && isDigit(s.charCodeAt(i)) && isDigit(s.charCodeAt(i + 8));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * What a file's path says: S3 export keys hold the stream
 * (`<prefix>/<task>/<stream>/000000.gz`) and sometimes the log group. `stem`, the name
 * for a file whose lines name no function, is its name up to the first dot: Lambda
 * names hold no dots, so `orders-api.2024-05-01.log.gz` is `orders-api`.
 */
export function namesFromPath(path: string): { fn: string | null; stream: string | null; stem: string } {
  const norm = path.replace(/\\/g, "/");
  const stream = STREAM_IN_PATH.exec(norm)?.[1] ?? null;
  const fn = GROUP_IN_PATH.exec(norm)?.[1] ?? (stream ? functionFromStream(stream) : null);
  const base = norm.slice(norm.lastIndexOf("/") + 1);
  const dot = base.indexOf(".");
  return { fn, stream, stem: dot > 0 ? base.slice(0, dot) : base };
}

/** Keeps one copy of each name so a million records share a handful of strings. */
export class NameCache {
  private names = new Map<string, string>();
  private functions = new Map<string, string | null>();

  get(name: string): string {
    let v = this.names.get(name);
    if (v === undefined) {
      // a flat copy of its own: it does not keep a chunk of text alive, and comparing against it is fast
      v = Buffer.from(name, "utf8").toString("utf8");
      this.names.set(v, v);
    }
    return v;
  }

  /** functionFromStream, remembered per stream. */
  functionOf(stream: string): string | null {
    let fn = this.functions.get(stream);
    if (fn === undefined) this.functions.set(stream, (fn = functionFromStream(stream)));
    return fn;
  }
}
