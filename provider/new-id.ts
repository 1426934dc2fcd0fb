// Ids the provider makes for objects whose id the client chooses (auth scheme configs, responses of actions): ULIDs,
// encoded by the ulid package from a pool of random bytes. The package's own default asks the OS for one byte per
// character, which made a new id cost a tenth of a millisecond of CPU.
import { randomFillSync } from 'crypto';
import { factory } from 'ulid';

const pool = Buffer.alloc(256);
let next = pool.length;

/** A uniform random number in [0, 1) with 256 steps: each of the 32 ULID characters is exactly 8 of them. */
function randomFraction(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++] / 256;
}

/** A new ULID: the current time, then 80 random bits from the OS's cryptographic generator. */
export const newUlid = factory(randomFraction);
