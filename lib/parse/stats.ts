/** Counts and the first few reasons a source was not fully understood. */
export interface Issue {
  source: string;
  line: number;
  reason: string;
}

export const MAX_ISSUES_KEPT = 10;

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
}
