import { MAX_JSON_VALUE_BYTES, MAX_JSON_VALUE_ITEMS } from "./limits";

/** What the scanner hands on, as raw JSON text, so a large export is never parsed whole. */
export interface JsonSink {
  /** A member of a top-level object whose value is not an array. */
  member(key: string, text: string, line: number): void;
  /** An element of the top-level array (key null), or of the array in a top-level object's member `key`. */
  element(key: string | null, text: string, line: number): void;
  /** A top-level value (object, array or scalar) ended; back-to-back values (NDJSON, Firehose) follow. */
  topEnd(line: number): void;
  /**
   * The text is not valid JSON here. With `abandon` the top-level value in progress is
   * given up (what it already handed on stands) and scanning starts again at the top level.
   */
  error(reason: string, line: number, abandon: boolean): void;
}


const enum Top {
  None,
  Object,
  Array,
}

const enum Cap {
  None,
  Key,
  Value,
}

/**
 * A byte-level JSON splitter: tracks depth and strings, and captures the pieces worth
 * parsing (members of a top-level object, elements of its arrays or of a top-level array).
 */
export class JsonScanner {
  private depth = 0;
  private inStr = false;
  private esc = false;
  private line = 1;
  private top = Top.None;
  private expectKey = false;
  private key = "";
  private memberArray: string | null = null;
  private cap = Cap.None;
  private capDepth = 0;
  private capScalar = false;
  private capArrayKey: string | null | undefined = undefined;
  private capLine = 0;
  private capPieces: Buffer[] = [];
  private capBytes = 0;
  private capItems = 0;
  /** Why the value in capture is dropped (too large), or null. */
  private capTooBig: string | null = null;
  private topStartLine = 0;
  private lastTopOneLine = false;
  private ndjson = false;
  private topCount = 0;

  constructor(private readonly sink: JsonSink) {}

  push(b: Buffer): void {
    const n = b.length;
    let segStart = this.cap !== Cap.None ? 0 : -1;
    for (let i = 0; i < n; i++) {
      const c = b[i];
      if (this.inStr) {
        if (this.esc) this.esc = false;
        else if (c === 92) this.esc = true;
        else if (c === 34) {
          this.inStr = false;
          if (this.cap !== Cap.None && !this.capScalar && this.depth === this.capDepth) {
            this.finish(b, segStart, i + 1);
            segStart = -1;
          }
        } else if (c === 10) {
          this.line++;
          this.fail("line break inside a string (a line cut short?)");
          segStart = -1;
        }
        continue;
      }
      switch (c) {
        case 10:
          this.line++;
          if (this.ndjson && this.depth > 0) {
            this.fail("JSON value does not end on its line");
            segStart = -1;
            break;
          }
        // falls through
        case 32:
        case 9:
        case 13:
          if (this.capScalar) {
            this.finish(b, segStart, i);
            segStart = -1;
          }
          break;
        case 34:
          if (this.startValue(c)) segStart = i;
          this.inStr = true;
          break;
        case 123:
        case 91:
          if (this.startValue(c)) segStart = i;
          else if (this.cap !== Cap.None) this.countItem();
          this.depth++;
          if (this.depth === 1) {
            this.top = c === 123 ? Top.Object : Top.Array;
            this.expectKey = this.top === Top.Object;
          }
          break;
        case 125:
        case 93:
          if (this.capScalar) {
            this.finish(b, segStart, i);
            segStart = -1;
          }
          if (this.depth === 0) {
            this.sink.error(`unexpected '${String.fromCharCode(c)}'`, this.line, false);
            break;
          }
          this.depth--;
          if (this.cap !== Cap.None && this.depth === this.capDepth) {
            this.finish(b, segStart, i + 1);
            segStart = -1;
          }
          if (this.depth === 1 && this.memberArray !== null && c === 93) this.memberArray = null;
          if (this.depth === 0) this.endTop();
          break;
        case 44:
          if (this.capScalar) {
            this.finish(b, segStart, i);
            segStart = -1;
          } else if (this.cap !== Cap.None) this.countItem();
          if (this.depth === 1 && this.top === Top.Object) this.expectKey = true;
          break;
        case 58:
          if (this.depth === 1 && this.top === Top.Object) this.expectKey = false;
          break;
        default:
          if (this.startValue(c)) {
            segStart = i;
            this.capScalar = true;
          }
      }
    }
    if (this.cap !== Cap.None && segStart >= 0) this.collect(b.subarray(segStart));
  }

  end(): void {
    if (this.capScalar) this.finish(Buffer.alloc(0), 0, 0);
    if (this.depth > 0 || this.inStr) {
      this.sink.error("the JSON ends before its last value is complete (file cut short?)", this.line, true);
    }
  }

  /** Decides whether a value starting here is captured; returns true when it is. */
  private startValue(c: number): boolean {
    if (this.cap !== Cap.None) return false;
    const d = this.depth;
    if (d === 0) {
      this.topStartLine = this.line;
      if (this.topCount === 1 && this.lastTopOneLine) this.ndjson = true;
      if (c === 123 || c === 91) return false;
      return this.begin(Cap.Value, null);
    }
    if (this.top === Top.Array) return d === 1 ? this.begin(Cap.Value, null) : false;
    if (d === 1) {
      if (this.expectKey) return c === 34 ? this.begin(Cap.Key, undefined) : false;
      if (c === 91) {
        this.memberArray = this.key;
        return false;
      }
      return this.begin(Cap.Value, undefined);
    }
    if (d === 2 && this.memberArray !== null) return this.begin(Cap.Value, this.memberArray);
    return false;
  }

  private begin(kind: Cap, arrayKey: string | null | undefined): boolean {
    this.cap = kind;
    this.capDepth = this.depth;
    this.capArrayKey = arrayKey;
    this.capLine = this.line;
    this.capPieces = [];
    this.capBytes = 0;
    this.capItems = 0;
    this.capTooBig = null;
    this.capScalar = false;
    return true;
  }

  private countItem(): void {
    if (++this.capItems === MAX_JSON_VALUE_ITEMS) this.drop(`a JSON value of more than ${MAX_JSON_VALUE_ITEMS.toLocaleString("en-US")} objects, arrays and items was skipped`);
  }

  private collect(piece: Buffer): void {
    if (this.capTooBig !== null) return;
    this.capBytes += piece.length;
    if (this.capBytes > MAX_JSON_VALUE_BYTES) {
      this.drop(`a JSON value larger than ${MAX_JSON_VALUE_BYTES >> 20} MiB was skipped`);
      return;
    }
    this.capPieces.push(piece);
  }

  private drop(reason: string): void {
    this.capTooBig ??= reason;
    this.capPieces = [];
  }

  private finish(b: Buffer, segStart: number, endExclusive: number): void {
    if (segStart >= 0) this.collect(b.subarray(segStart, endExclusive));
    const kind = this.cap;
    const arrayKey = this.capArrayKey;
    const line = this.capLine;
    const tooBig = this.capTooBig;
    const text = tooBig !== null ? "" : (this.capPieces.length === 1 ? this.capPieces[0] : Buffer.concat(this.capPieces)).toString("utf8");
    this.cap = Cap.None;
    this.capScalar = false;
    this.capPieces = [];
    if (tooBig !== null) {
      this.sink.error(tooBig, line, false);
      return;
    }
    if (kind === Cap.Key) {
      try {
        this.key = JSON.parse(text) as string;
      } catch {
        this.key = "";
      }
      return;
    }
    if (arrayKey === undefined) this.sink.member(this.key, text, line);
    else this.sink.element(arrayKey, text, line);
    if (this.depth === 0) this.endTop();
  }

  private endTop(): void {
    this.topCount++;
    this.lastTopOneLine = this.topStartLine === this.line;
    this.top = Top.None;
    this.memberArray = null;
    this.sink.topEnd(this.line);
  }

  /** Drops the value in progress and starts again at the top level. */
  private fail(reason: string): void {
    this.sink.error(reason, this.line - 1, true);
    this.depth = 0;
    this.inStr = false;
    this.esc = false;
    this.cap = Cap.None;
    this.capScalar = false;
    this.capPieces = [];
    this.top = Top.None;
    this.memberArray = null;
  }
}
