/**
 * A local stand-in for CloudWatch Logs and Lambda that the real AWS SDK clients talk to
 * over HTTP (pass its url as `endpoint`). It speaks the wire protocols the SDK expects:
 * CloudWatch Logs is awsJson1_1 (POST /, X-Amz-Target: Logs_20140328.<Operation>,
 * errors as HTTP 400 {"__type": ..., "message": ...}); Lambda is REST-JSON (GET paths,
 * errors named in the x-amzn-ErrorType header with {"Type","Message"} bodies).
 *
 * Misbehaviour on demand, the way the real service misbehaves: empty pages that still
 * carry a nextToken, throttling, 5xx, expired tokens, log groups deleted mid-read, and
 * events that reach it late: each stream's events become visible to FilterLogEvents only
 * after that stream's delay (setStreamDelay), on the fake's own clock (`now`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeLogEvent {
  timestamp: number;
  message: string;
  /** When the event becomes visible; default: when it is added, plus its stream's delay. */
  ingestionTime?: number;
}

export interface FakeFunctionConfig {
  runtime?: string;
  memoryMB?: number;
  timeoutSec?: number;
  architecture?: "x86_64" | "arm64";
  /** undefined or null: no reserved concurrency. */
  reservedConcurrency?: number | null;
}

export interface FakeAwsOptions {
  /** Events per FilterLogEvents page (the request's `limit` can lower it). Default 3. */
  pageSize?: number;
  /** After this many data pages, one EMPTY page that still has a nextToken. Default 2; 0 = never. */
  emptyPageEvery?: number;
  /** The first page of every FilterLogEvents chain is empty (with a nextToken). Default true. */
  leadingEmptyPage?: boolean;
  /** Log groups per DescribeLogGroups page (the request's `limit` can lower it). Default 2. */
  groupPageSize?: number;
  /** GetAccountSettings AccountLimit.ConcurrentExecutions. Default 1000. */
  accountConcurrency?: number;
  /** Each page after the first repeats the previous page's last event, so a reader must de-duplicate. Needs pageSize >= 2. Default false. */
  repeatBoundaryEvents?: boolean;
  /** The fake's clock, for event visibility. Default Date.now. */
  now?: () => number;
}

export type LambdaOperation = "GetFunctionConfiguration" | "GetFunctionConcurrency" | "GetAccountSettings";

export interface RecordedRequest {
  operation: string;
  at: number;
  /** The parsed JSON body (logs) or {} (Lambda). */
  input: Record<string, unknown>;
  /** What was answered: "ok" or the error type. */
  outcome: string;
}

interface StoredEvent extends Required<FakeLogEvent> {
  stream: string;
  seq: number;
  eventId: string;
}

interface StoredGroup {
  name: string;
  creationTime: number;
  events: StoredEvent[];
  sorted: boolean;
}

/** [timestamp, stream, seq]: the sort key of the last event a page returned. */
type Cursor = [number, string, number];

interface TokenBody {
  g: string;
  s: number | null;
  e: number | null;
  p: string;
  c: Cursor | null;
  n: number;
  v: number;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const ACCOUNT = "123456789012";
const REGION = "us-east-1";

function compareKey(a: Cursor, b: Cursor): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2] - b[2];
}

interface PatternTerm {
  text: string;
  op: "or" | "and" | "not";
}

/**
 * The subset of the CloudWatch term syntax the reader uses: `?term` (any of), plain
 * `term` (all of), `-term` (none of). Bare terms may hold only letters, digits and `_`
 * (anything else must be quoted, as CloudWatch requires); matching is a case-sensitive
 * substring test. JSON, space-delimited and regex patterns are refused.
 */
export function parseFilterPattern(pattern: string): PatternTerm[] {
  const terms: PatternTerm[] = [];
  const re = /\s*([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/y;
  let m: RegExpExecArray | null;
  const src = pattern.trim();
  if (/^[{[%]/.test(src)) throw new ApiError(400, "InvalidParameterException", "fake endpoint: only term patterns are supported");
  re.lastIndex = 0;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    const op = m[1] === "?" ? "or" : m[1] === "-" ? "not" : "and";
    if (m[2] !== undefined) terms.push({ op, text: m[2].replace(/\\(.)/g, "$1") });
    else {
      if (!/^[A-Za-z0-9_]+$/.test(m[3])) throw new ApiError(400, "InvalidParameterException", `Invalid character(s) in term '${m[3]}'`);
      terms.push({ op, text: m[3] });
    }
  }
  return terms;
}

export function matchesFilterPattern(terms: PatternTerm[], message: string): boolean {
  const any = terms.filter((t) => t.op === "or");
  if (any.length > 0 && !any.some((t) => message.includes(t.text))) return false;
  for (const t of terms) {
    if (t.op === "and" && !message.includes(t.text)) return false;
    if (t.op === "not" && message.includes(t.text)) return false;
  }
  return true;
}

export class FakeAws {
  private readonly groups = new Map<string, StoredGroup>();
  private readonly functions = new Map<string, FakeFunctionConfig>();
  private seq = 0;
  private tokenEpoch = 0;
  private throttleBudget = 0;
  private failBudget = 0;
  private failStatus = 500;
  private deniedOps: Set<LambdaOperation> | null = null;
  private readonly streamDelays = new Map<string, number>();
  private lambdaFailures = new Map<string, { status: number; type: string }>();
  readonly opts: Required<FakeAwsOptions>;

  /** Every request received, in order (throttled and failed ones included). */
  readonly requests: RecordedRequest[] = [];
  /** Called after each request has been answered (to change the fake between two pages, say). */
  afterRequest: ((r: RecordedRequest) => void) | null = null;
  /** Empty pages served with a nextToken. */
  emptyPagesServed = 0;
  /** Events returned by FilterLogEvents, repeats included. */
  eventsServed = 0;

  constructor(opts: FakeAwsOptions = {}) {
    this.opts = {
      pageSize: opts.pageSize ?? 3,
      emptyPageEvery: opts.emptyPageEvery ?? 2,
      leadingEmptyPage: opts.leadingEmptyPage ?? true,
      groupPageSize: opts.groupPageSize ?? 2,
      accountConcurrency: opts.accountConcurrency ?? 1000,
      repeatBoundaryEvents: opts.repeatBoundaryEvents ?? false,
      now: opts.now ?? Date.now,
    };
  }

  // ---- state -------------------------------------------------------------------------

  createLogGroup(group: string): void {
    if (!this.groups.has(group)) this.groups.set(group, { name: group, creationTime: Date.now(), events: [], sorted: true });
  }

  /** Events added to this stream from now on become visible this long after they are added. */
  setStreamDelay(stream: string, delayMs: number): void {
    this.streamDelays.set(stream, delayMs);
  }

  /** Creates the group if needed. Returns the new events' ids, in the order given. */
  addEvents(group: string, stream: string, events: FakeLogEvent[]): string[] {
    this.createLogGroup(group);
    const g = this.groups.get(group)!;
    const visibleAt = this.opts.now() + (this.streamDelays.get(stream) ?? 0);
    return events.map((e) => {
      const seq = ++this.seq;
      // CloudWatch ids are 56-digit decimal strings
      const eventId = String(e.timestamp).padStart(16, "0") + String(seq).padStart(40, "0");
      g.events.push({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime ?? visibleAt, stream, seq, eventId });
      g.sorted = false;
      return eventId;
    });
  }

  /** When each of these events (by id) becomes visible, for measuring lag. */
  visibleAt(group: string, ids: string[]): number[] {
    const byId = new Map(this.groups.get(group)?.events.map((e) => [e.eventId, e.ingestionTime]) ?? []);
    return ids.map((id) => byId.get(id) ?? NaN);
  }

  deleteLogGroup(group: string): void {
    this.groups.delete(group);
  }

  setFunction(name: string, config: FakeFunctionConfig): void {
    this.functions.set(name, config);
  }

  /**
   * Lambda answers these operations with an error from now on, e.g. 404 UnknownOperationException
   * (an endpoint that does not implement them) or 429 TooManyRequestsException; [] ends it.
   */
  failLambda(operations: LambdaOperation[], status = 404, type = "UnknownOperationException"): void {
    this.lambdaFailures = new Map(operations.map((o) => [o, { status, type }]));
  }

  /** Lambda answers 403 AccessDeniedException (to the listed operations only, if given). */
  denyLambda(on: boolean, operations?: LambdaOperation[]): void {
    this.deniedOps = on ? new Set(operations ?? ["GetFunctionConfiguration", "GetFunctionConcurrency", "GetAccountSettings"]) : null;
  }

  /** The next n CloudWatch Logs requests get ThrottlingException. */
  throttleNext(n: number): void {
    this.throttleBudget = n;
  }

  /** The next n CloudWatch Logs requests get a server error with this status. */
  failNext(n: number, status = 500): void {
    this.failBudget = n;
    this.failStatus = status;
  }

  /** Every nextToken issued so far becomes invalid. */
  expireTokens(): void {
    this.tokenEpoch++;
  }

  /** Requests received for one operation, or all of them. */
  count(operation?: string, outcome?: string): number {
    return this.requests.filter((r) => (!operation || r.operation === operation) && (!outcome || r.outcome === outcome)).length;
  }

  // ---- HTTP --------------------------------------------------------------------------

  /** Serves on a free port, or on `port` (to come back where a stopped endpoint was). */
  start(port = 0): Promise<{ url: string; port: number; close(): Promise<void> }> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => this.handle(req, Buffer.concat(chunks).toString("utf8"), res));
    });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          url: `http://127.0.0.1:${port}`,
          port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((err) => (err ? fail(err) : done()));
              server.closeAllConnections();
            }),
        });
      });
    });
  }

  private handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const target = req.headers["x-amz-target"];
    const isLogs = typeof target === "string";
    const record: RecordedRequest = { operation: "?", at: Date.now(), input: {}, outcome: "ok" };
    try {
      if (!req.headers.authorization?.startsWith("AWS4-HMAC-SHA256 ")) throw new ApiError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
      if (isLogs) {
        record.operation = target.replace(/^Logs_20140328\./, "");
        record.input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
        this.requests.push(record);
        const out = this.logs(record.operation, record.input);
        this.send(res, 200, { "content-type": "application/x-amz-json-1.1" }, out);
      } else {
        const url = new URL(req.url ?? "/", "http://x");
        const { operation, fn } = this.route(req.method ?? "GET", url.pathname);
        record.operation = operation;
        if (fn !== undefined) record.input = { FunctionName: fn };
        this.requests.push(record);
        const out = this.lambda(operation, fn);
        this.send(res, 200, { "content-type": "application/json" }, out);
      }
    } catch (e) {
      if (!this.requests.includes(record)) this.requests.push(record);
      const err = e instanceof ApiError ? e : new ApiError(500, isLogs ? "ServiceUnavailableException" : "ServiceException", String(e));
      record.outcome = err.type;
      if (isLogs) this.send(res, err.status, { "content-type": "application/x-amz-json-1.1" }, { __type: err.type, message: err.message });
      else this.send(res, err.status, { "content-type": "application/json", "x-amzn-errortype": err.type }, { Type: err.status >= 500 ? "Service" : "User", Message: err.message });
    }
  }

  private send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(text), "x-amzn-requestid": `fake-${this.requests.length}` });
    res.end(text);
    const last = this.requests[this.requests.length - 1];
    if (last) this.afterRequest?.(last);
  }

  // ---- CloudWatch Logs ---------------------------------------------------------------

  private logs(operation: string, input: Record<string, unknown>): unknown {
    if (this.throttleBudget > 0) {
      this.throttleBudget--;
      throw new ApiError(400, "ThrottlingException", "Rate exceeded");
    }
    if (this.failBudget > 0) {
      this.failBudget--;
      throw new ApiError(this.failStatus, "ServiceUnavailableException", "The server failed to process the request");
    }
    switch (operation) {
      case "DescribeLogGroups":
        return this.describeLogGroups(input);
      case "FilterLogEvents":
        return this.filterLogEvents(input);
      default:
        throw new ApiError(400, "UnknownOperationException", `fake endpoint does not implement ${operation}`);
    }
  }

  private describeLogGroups(input: Record<string, unknown>): unknown {
    const prefix = typeof input.logGroupNamePrefix === "string" ? input.logGroupNamePrefix : "";
    const limit = Math.min(typeof input.limit === "number" ? input.limit : 50, this.opts.groupPageSize);
    let after = "";
    if (typeof input.nextToken === "string") {
      const t = this.decode(input.nextToken) as { after?: string; v?: number } | null;
      if (!t || typeof t.after !== "string" || t.v !== this.tokenEpoch) throw new ApiError(400, "InvalidParameterException", "The specified nextToken is invalid.");
      after = t.after;
    }
    const names = [...this.groups.keys()].filter((n) => n.startsWith(prefix) && n > after).sort();
    const page = names.slice(0, limit);
    const more = names.length > page.length;
    return {
      logGroups: page.map((name) => {
        const g = this.groups.get(name)!;
        const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
        return { logGroupName: name, creationTime: g.creationTime, metricFilterCount: 0, arn: `${arn}:*`, logGroupArn: arn, storedBytes: 0, logGroupClass: "STANDARD" };
      }),
      ...(more ? { nextToken: this.encode({ after: page[page.length - 1], v: this.tokenEpoch }) } : {}),
    };
  }

  private filterLogEvents(input: Record<string, unknown>): unknown {
    const name = typeof input.logGroupName === "string" ? input.logGroupName : typeof input.logGroupIdentifier === "string" ? input.logGroupIdentifier : undefined;
    if (!name) throw new ApiError(400, "InvalidParameterException", "1 validation error detected: logGroupName or logGroupIdentifier is required");
    const group = this.groups.get(name);
    if (!group) throw new ApiError(400, "ResourceNotFoundException", "The specified log group does not exist.");
    const start = typeof input.startTime === "number" ? input.startTime : null;
    const end = typeof input.endTime === "number" ? input.endTime : null;
    const pattern = typeof input.filterPattern === "string" ? input.filterPattern : "";
    const terms = parseFilterPattern(pattern);

    let cursor: Cursor | null = null;
    let pageNo = 0;
    if (typeof input.nextToken === "string") {
      const t = this.decode(input.nextToken) as TokenBody | null;
      if (!t || t.v !== this.tokenEpoch) throw new ApiError(400, "InvalidParameterException", "The specified nextToken is invalid or has expired.");
      // a token belongs to the query that issued it
      if (t.g !== name || t.s !== start || t.e !== end || t.p !== pattern) {
        throw new ApiError(400, "InvalidParameterException", "The request parameters differ from those of the paginated query.");
      }
      cursor = t.c;
      pageNo = t.n;
    }
    const token = (c: Cursor | null) => this.encode({ g: name, s: start, e: end, p: pattern, c, n: pageNo + 1, v: this.tokenEpoch } satisfies TokenBody);

    const every = this.opts.emptyPageEvery;
    const isEmptyPage = (this.opts.leadingEmptyPage && pageNo === 0) || (every > 0 && pageNo > 0 && (pageNo - (this.opts.leadingEmptyPage ? 1 : 0)) % (every + 1) === every);
    if (isEmptyPage) {
      this.emptyPagesServed++;
      return { events: [], searchedLogStreams: [], nextToken: token(cursor) };
    }

    if (!group.sorted) {
      group.events.sort((a, b) => compareKey([a.timestamp, a.stream, a.seq], [b.timestamp, b.stream, b.seq]));
      group.sorted = true;
    }
    const limit = Math.min(typeof input.limit === "number" ? input.limit : 10_000, this.opts.pageSize);
    const now = this.opts.now();
    const page: StoredEvent[] = [];
    let more = false;
    for (const ev of group.events) {
      if (cursor) {
        const c = compareKey([ev.timestamp, ev.stream, ev.seq], cursor);
        if (c < 0 || (c === 0 && !this.opts.repeatBoundaryEvents)) continue;
      }
      if (ev.ingestionTime > now) continue;
      if (start !== null && ev.timestamp < start) continue;
      if (end !== null && ev.timestamp > end) continue;
      if (!matchesFilterPattern(terms, ev.message)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(ev);
    }
    const last = page[page.length - 1];
    this.eventsServed += page.length;
    return {
      events: page.map((e) => ({ logStreamName: e.stream, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: e.eventId })),
      searchedLogStreams: [],
      ...(more ? { nextToken: token(last ? [last.timestamp, last.stream, last.seq] : cursor) } : {}),
    };
  }

  private encode(body: unknown): string {
    return Buffer.from(JSON.stringify(body)).toString("base64url");
  }

  private decode(token: string): unknown {
    try {
      return JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    } catch {
      return null;
    }
  }

  // ---- Lambda ------------------------------------------------------------------------

  private route(method: string, path: string): { operation: string; fn?: string } {
    let m: RegExpMatchArray | null;
    if (method === "GET" && (m = path.match(/^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/))) return { operation: "GetFunctionConfiguration", fn: decodeURIComponent(m[1]) };
    if (method === "GET" && (m = path.match(/^\/2019-09-30\/functions\/([^/]+)\/concurrency\/?$/))) return { operation: "GetFunctionConcurrency", fn: decodeURIComponent(m[1]) };
    if (method === "GET" && /^\/2016-08-19\/account-settings\/?$/.test(path)) return { operation: "GetAccountSettings" };
    return { operation: `${method} ${path}` };
  }

  private lambda(operation: string, fnArg: string | undefined): unknown {
    const failure = this.lambdaFailures.get(operation);
    if (failure) throw new ApiError(failure.status, failure.type, `${operation} failed (${failure.type}) on request`);
    if (this.deniedOps?.has(operation as LambdaOperation)) {
      const resource = fnArg ? `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fnArg}` : "*";
      throw new ApiError(
        403,
        "AccessDeniedException",
        `User: arn:aws:iam::${ACCOUNT}:user/test is not authorized to perform: lambda:${operation} on resource: ${resource} because no identity-based policy allows the lambda:${operation} action`,
      );
    }
    if (operation === "GetAccountSettings") {
      const limit = this.opts.accountConcurrency;
      const reserved = [...this.functions.values()].reduce((s, f) => s + (f.reservedConcurrency ?? 0), 0);
      return {
        AccountLimit: { TotalCodeSize: 80530636800, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, ConcurrentExecutions: limit, UnreservedConcurrentExecutions: limit - reserved },
        AccountUsage: { TotalCodeSize: 1024 * this.functions.size, FunctionCount: this.functions.size },
      };
    }
    if (operation !== "GetFunctionConfiguration" && operation !== "GetFunctionConcurrency") {
      throw new ApiError(404, "UnknownOperationException", `fake endpoint does not implement ${operation}`);
    }
    // FunctionName may be a name, an ARN or a partial ARN (name:qualifier is not modelled)
    const name = fnArg!.replace(/^arn:aws:lambda:[^:]*:\d+:function:/, "").replace(/^\d+:function:/, "");
    const f = this.functions.get(name);
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
    if (!f) throw new ApiError(404, "ResourceNotFoundException", `Function not found: ${arn}`);
    if (operation === "GetFunctionConcurrency") return f.reservedConcurrency == null ? {} : { ReservedConcurrentExecutions: f.reservedConcurrency };
    return {
      FunctionName: name,
      FunctionArn: arn,
      ...(f.runtime ? { Runtime: f.runtime, Handler: "index.handler", PackageType: "Zip" } : { PackageType: "Image" }),
      Role: `arn:aws:iam::${ACCOUNT}:role/${name}-role`,
      CodeSize: 1024,
      Description: "",
      Timeout: f.timeoutSec ?? 3,
      MemorySize: f.memoryMB ?? 128,
      LastModified: "2024-05-01T12:00:00.000+0000",
      CodeSha256: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
      Version: "$LATEST",
      TracingConfig: { Mode: "PassThrough" },
      RevisionId: "00000000-0000-0000-0000-000000000000",
      State: "Active",
      LastUpdateStatus: "Successful",
      Architectures: [f.architecture ?? "x86_64"],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
      LoggingConfig: { LogFormat: "Text", LogGroup: `/aws/lambda/${name}` },
    };
  }
}
