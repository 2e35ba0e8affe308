/**
 * Bytes a worker thread has read, passed on to the main thread's progress line in steps
 * of `step` bytes: a message per 64 KiB chunk would cost more than it tells.
 */
export class SteppedBytes {
  private unreported = 0;

  constructor(
    private readonly report: (n: number) => void,
    private readonly step: number,
  ) {}

  readonly add = (n: number): void => {
    this.unreported += n;
    if (this.unreported >= this.step) this.flush();
  };

  flush(): void {
    if (this.unreported === 0) return;
    this.report(this.unreported);
    this.unreported = 0;
  }
}
