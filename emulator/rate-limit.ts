// Throttling like a real platform's: a token bucket per caller, answered 429 with Retry-After when it is empty.
import { performance } from 'node:perf_hooks';

/** `value` when it is a rate the emulator takes (a whole number of requests per second, at least 1); else throws, naming `source`. */
export function checkRateLimit(value: number, source: string, text = String(value)): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${source} ${text} is not a whole number of requests per second (at least 1)`);
  return value;
}

/** Reads a rate limit from a flag or an environment variable. */
export function parseRateLimit(text: string, source: string): number {
  return checkRateLimit(/^\d+$/.test(text) ? Number(text) : Number.NaN, source, text);
}

/** Holds up to `rate` tokens, refilled continuously at `rate` per second; starts full. */
class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rate: number,
    private readonly now: () => number,
  ) {
    this.tokens = rate;
    this.updatedAt = now();
  }

  /** Takes a token: 0 when one was free, else the whole seconds (at least 1) until one is. */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rate));
  }
}

/**
 * One bucket for the emulator's token, and one shared by every request without it (no token, or a wrong one): a
 * caller without the token cannot spend the token's requests, nor make the emulator keep a bucket per guess.
 */
export class RateLimiter {
  private readonly authenticated: TokenBucket;
  private readonly unauthenticated: TokenBucket;

  /** `now` in milliseconds, monotonic. */
  constructor(rate: number, now: () => number = () => performance.now()) {
    checkRateLimit(rate, 'rateLimit');
    this.authenticated = new TokenBucket(rate, now);
    this.unauthenticated = new TokenBucket(rate, now);
  }

  /** Counts one request: 0 when it may proceed, else the seconds for its Retry-After. */
  take(authenticated: boolean): number {
    return (authenticated ? this.authenticated : this.unauthenticated).take();
  }
}
