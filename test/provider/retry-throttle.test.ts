// A request answered 429 (rate limited: not processed) waits its turn however often it is throttled, as Retry-After
// asks: the retry count bounds failures, not throttling, and only the time budget for throttling ends the wait.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { DEFAULT_RETRY_POLICY, VersoriApiError, VersoriClient, type RetryPolicy } from '../../provider/client';

describe('provider/client: throttled requests wait', function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  const lines: string[] = [];
  const client = (retry: Partial<RetryPolicy>) =>
    new VersoriClient(
      { token: emulator.token, organisationId: emulator.organisationId, baseUrl: emulator.baseUrl },
      { timeoutMs: 5000, retry, log: (line) => lines.push(line) },
    );

  beforeEach(async () => {
    lines.length = 0;
    emulator = await startEmulator({ rateLimit: 1 });
  });
  afterEach(async () => emulator?.close());

  it('six requests at once against 1 request/s all complete, each throttled more often than the retry count', async () => {
    const started = Date.now();
    const pages = await Promise.all(Array.from({ length: 6 }, () => client({ retries: 2 }).listConnectors({})));
    assert.equal(pages.length, 6);
    const throttled = lines.filter((line) => /^versori: retry \d+ of GET .* after 429/.test(line)).length;
    assert.ok(throttled > 6, `${throttled} retries after 429, more than 2 for some request`);
    assert.ok(Date.now() - started >= 4_000, 'one a second: the last waited for five tokens to refill');
  });

  it('gives up on a request still throttled when its time budget for throttling is spent, saying so', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client({ retries: 8, maxThrottledMs: 1_500 }).listConnectors({})));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    assert.ok(failures.length > 0 && failures.length < 5, `${failures.length} of 5 failed`);
    for (const failure of failures) {
      assert.ok(failure instanceof VersoriApiError && failure.status === 429, String(failure));
      assert.match(failure.message, /ListConnectors.*429/);
    }
  });

  it('is documented with the budget the code uses', () => {
    for (const name of ['resources.md', 'recovery.md']) {
      const text = fs.readFileSync(path.join(__dirname, '../../docs', name), 'utf8').replace(/\s+/g, ' ');
      assert.ok(text.includes(`for up to ${DEFAULT_RETRY_POLICY.maxThrottledMs / 1000} s after its first attempt`), name);
    }
  });
});
