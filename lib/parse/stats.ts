/** Counts and the first few reasons a source was not fully understood. */
export interface Issue {
  source: string;
  line: number;
  reason: string;
}

export const MAX_ISSUES_KEPT = 10;
/** Lines that look like platform lines in a file where none was read, shown when that stays so. */
export const MAX_LOOKALIKES_KEPT = 5;

/** A ParseStats as it crosses between threads. */
export interface ParseStatsSnapshot {
  linesRead: number;
  platformLines: number;
  skipped: number;
  truncated: boolean;
  issues: Issue[];
  warnings: string[];
  containers: string[];
}

export class ParseStats {
  bytes = 0;
  linesRead = 0;
  platformLines = 0;
  skipped = 0;
  /** Lines that were skipped or only partly understood, first MAX_ISSUES_KEPT of them. */
  issues: Issue[] = [];
  /** Whole-source problems: truncated gzip, unreadable file, mixed functions. */
  warnings: string[] = [];
  containers = new Set<string>();
  /** A decoder broke off: the last, unterminated line is not trusted. */
  truncated = false;
  /** The first lines that hold a platform word yet were not read, kept while no platform line was. */
  lookalikes: Issue[] = [];

  skip(source: string, line: number, reason: string): void {
    this.skipped++;
    this.note(source, line, reason);
  }

  note(source: string, line: number, reason: string): void {
    if (this.issues.length < MAX_ISSUES_KEPT) this.issues.push({ source, line, reason });
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /**
   * A source in which nothing was read as a platform line, though some lines look like
   * one, says so: the user would otherwise see zero invocations and no reason.
   */
  explainNothingRead(source: string): void {
    if (this.platformLines > 0 || this.lookalikes.length === 0) return;
    const first = this.lookalikes[0];
    this.warn(
      `${source}: no line was read as a Lambda platform line, though line ${first.line} and others look like one (notes below show the first). ` +
        "Platform lines must start the log message; if something stands before them on every line, remove it and run again, or report the format.",
    );
    for (const l of this.lookalikes) this.note(l.source, l.line, l.reason);
  }

  snapshot(): ParseStatsSnapshot {
    const { linesRead, platformLines, skipped, truncated, issues, warnings } = this;
    return { linesRead, platformLines, skipped, truncated, issues, warnings, containers: [...this.containers] };
  }

  /** Adds what another thread counted reading the same source. */
  absorb(s: ParseStatsSnapshot): void {
    this.linesRead += s.linesRead;
    this.platformLines += s.platformLines;
    this.skipped += s.skipped;
    this.truncated ||= s.truncated;
    for (const i of s.issues) this.note(i.source, i.line, i.reason);
    for (const w of s.warnings) this.warn(w);
    for (const c of s.containers) this.containers.add(c);
  }
}
