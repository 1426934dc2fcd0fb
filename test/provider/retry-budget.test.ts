// Retries are bounded in count and in total time, idempotent requests survive injected 500s, and a call that gives
// up says which request failed and why.
import { strict as assert } from 'node:assert';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { VersoriApiError, VersoriClient } from '../../provider/client';

describe('provider/client: bounded retries', () => {
  let emulator: RunningEmulator;
  const lines: string[] = [];
  const client = (retry: Partial<{ retries: number; baseDelayMs: number; maxDelayMs: number; maxElapsedMs: number }>) =>
    new VersoriClient(
      { token: emulator.token, organisationId: emulator.organisationId, baseUrl: emulator.baseUrl },
      { timeoutMs: 5000, retry, log: (line) => lines.push(line) },
    );
  const retries = () => lines.filter((l) => l.startsWith('versori: retry ')).length;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(() => {
    lines.length = 0;
    emulator.setFaults(null);
  });
  after(async () => {
    await emulator?.close();
  });

  it('retries a GET answered 500 (repeating it is harmless) until it succeeds', async () => {
    emulator.setFaults({ seed: 5, errorRate: 0.8, statuses: [500] });
    const page = await client({ retries: 40, baseDelayMs: 1, maxDelayMs: 5 }).listConnectors({});
    assert.equal(page.totalCount, 0);
    assert.ok(retries() > 0, 'some attempts were answered 500 and retried');
  });

  it('stops retrying when the time budget is spent, long before the retry count, and says which request failed', async () => {
    emulator.setFaults({ errorRate: 1, statuses: [503] });
    const started = Date.now();
    let failure: unknown;
    try {
      await client({ retries: 50, baseDelayMs: 100, maxDelayMs: 100, maxElapsedMs: 700 }).getConnector('01JB00000000000000000000CN', 'Connector "crm"');
    } catch (error) {
      failure = error;
    }
    const elapsed = Date.now() - started;
    assert.ok(failure instanceof VersoriApiError, String(failure));
    assert.ok(elapsed < 1500, `gave up after ${elapsed} ms`);
    assert.ok(failure.attempts > 1 && failure.attempts < 50, `${failure.attempts} attempts`);
    assert.match(failure.message, /GetConnector of Connector "crm": injected fault \(503, after \d+ attempts\)/);
  });

  it('stops at the retry count and names the operation, the object and the status', async () => {
    emulator.setFaults({ errorRate: 1, statuses: [502] });
    let failure: unknown;
    try {
      await client({ retries: 2, baseDelayMs: 1, maxDelayMs: 2 }).deleteConnector('01JB00000000000000000000CN', false, 'Connector "crm"');
    } catch (error) {
      failure = error;
    }
    assert.ok(failure instanceof VersoriApiError);
    assert.equal(failure.attempts, 3);
    assert.equal(retries(), 2);
    assert.equal(failure.message, 'Versori failed DeleteConnector of Connector "crm": injected fault (502, after 3 attempts)');
  });

  it('a POST answered 500 is not retried blindly (it may have taken effect)', async () => {
    emulator.setFaults({ errorRate: 1, statuses: [500] });
    await assert.rejects(
      client({ retries: 5, baseDelayMs: 1, maxDelayMs: 2 }).createHttpConnector(
        { name: 'x', baseUrl: 'https://x.example.com', authSchemeConfigs: [], connections: [] },
        'Connector "x"',
      ),
      (error: unknown) => error instanceof VersoriApiError && error.status === 500 && error.attempts === 1,
    );
    assert.equal(retries(), 0);
  });
});
