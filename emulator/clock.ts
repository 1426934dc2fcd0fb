/** Hands out RFC 3339 timestamps (millisecond precision) that strictly increase, even within one millisecond. */
export class MonotonicClock {
  private lastMs = 0;

  /** Makes sure later timestamps come after `timestamp` (used after loading a persisted store). */
  observe(timestamp: string): void {
    const ms = Date.parse(timestamp);
    if (Number.isFinite(ms) && ms > this.lastMs) this.lastMs = ms;
  }

  now(): string {
    this.lastMs = Math.max(Date.now(), this.lastMs + 1);
    return new Date(this.lastMs).toISOString();
  }
}
