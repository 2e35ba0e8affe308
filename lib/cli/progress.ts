/** A one-line progress indicator on stderr, only where a person is watching. */
export class Progress {
  private last = 0;
  private readonly started = Date.now();
  private shown = false;

  constructor(
    private readonly total: number | null,
    private readonly enabled: boolean,
  ) {}

  update(bytes: number, label: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? bytes / secs / 1e6 : 0;
    const pct = this.total ? ` ${((bytes / this.total) * 100).toFixed(1).padStart(5)}%` : "";
    const of = this.total ? ` / ${(this.total / 1e6).toFixed(0)} MB` : " MB";
    process.stderr.write(`\r\x1b[K${pct} ${(bytes / 1e6).toFixed(0)}${of}  ${rate.toFixed(0)} MB/s  ${label}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write("\r\x1b[K");
  }
}
