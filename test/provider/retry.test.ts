import { strict as assert } from 'node:assert';
import { VersoriApiError } from '../../provider/client';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_TIMEOUT_MS } from '../../provider/client';
import { createOnce, CreateOnceOptions, DEFAULT_RETRY_POLICY, RETRYABLE_STATUSES, RetryPolicy } from '../../provider/retry';
import { createConnector, createResource, expectRejection, Harness, Props, startHarness } from '../support/provider-harness';

const FAST_RETRIES = { retries: 4, baseDelayMs: 1, maxDelayMs: 5, maxElapsedMs: 5_000 };

function apiError(status: number | undefined): VersoriApiError {
  return new VersoriApiError({ status, code: 'x', apiMessage: 'boom', operation: 'Create', subject: 'Thing "t"', method: 'post', attempts: 1 });
}

/**
 * createOnce of `Thing "t"` whose create meets each outcome in turn, the last one repeating: a status (or undefined,
 * no response) fails, a string is the created object.
 */
function thing(
  outcomes: Array<number | undefined | string>,
  lookup: CreateOnceOptions<string>['lookup'],
  retryPolicy: CreateOnceOptions<string>['retryPolicy'] = FAST_RETRIES,
): { promise: Promise<string>; counts: { creates: number; lookups: number } } {
  const counts = { creates: 0, lookups: 0 };
  const promise = createOnce<string>({
    subject: 'Thing "t"',
    retryPolicy,
    create: async () => {
      const outcome = outcomes[Math.min(counts.creates++, outcomes.length - 1)];
      if (typeof outcome === 'string') return outcome;
      throw apiError(outcome);
    },
    lookup: async () => {
      counts.lookups++;
      return lookup();
    },
  });
  return { promise, counts };
}

describe('provider/retry', () => {
  describe('createOnce', () => {
    it('adopts the object after a lost response when it matches', async () => {
      const t = thing([undefined], async () => ({ value: 'found', matches: true, description: 'thing 1' }));
      assert.equal(await t.promise, 'found');
      assert.equal(t.counts.creates, 1);
    });

    it('creates again when an ambiguous failure left nothing behind', async () => {
      const t = thing([502, 'made'], async () => undefined);
      assert.equal(await t.promise, 'made');
      assert.equal(t.counts.creates, 2);
    });

    it('fails saying what exists when the found object differs', async () => {
      await expectRejection(
        thing([undefined], async () => ({ value: 'x', matches: false, description: 'thing 9 with other credentials' })).promise,
        /Thing "t" could not be created: thing 9 with other credentials already exists/,
      );
    });

    it('does not adopt on a plain conflict, and does not look up after a validation error', async () => {
      await expectRejection(
        thing([409], async () => ({ value: 'x', matches: true, description: 'thing 2' })).promise,
        /already exists as thing 2, created outside this deployment/,
      );
      const invalid = thing([400], async () => undefined);
      await expectRejection(invalid.promise, /boom/);
      assert.equal(invalid.counts.lookups, 0);
    });

    it('stops retrying when the time budget is spent, reporting the attempts it made', async () => {
      const started = Date.now();
      const t = thing([503], async () => undefined, { retries: 50, baseDelayMs: 40, maxDelayMs: 40, maxElapsedMs: 150 });
      const error = await expectRejection(t.promise, /Gave up creating Thing "t" after \d+ attempts/);
      const creates = t.counts.creates;
      assert.ok(creates >= 2 && creates <= 8, `${creates} creates`);
      assert.ok(Date.now() - started < 1_000);
      assert.equal(/after (\d+) attempts/.exec(error.message)?.[1], String(creates));
    });

    it('gives up after the bounded number of attempts, naming the last failure', async () => {
      const t = thing([503], async () => undefined, { ...FAST_RETRIES, retries: 2 });
      await expectRejection(t.promise, /Gave up creating Thing "t" after 3 attempts in \d+ s: .*503/);
      assert.equal(t.counts.creates, 3);
    });
  });

  describe('the documentation', () => {
    const docs = ['resources.md', 'recovery.md'].map((name) => fs.readFileSync(path.join(__dirname, '../../docs', name), 'utf8').replace(/\s+/g, ' '));

    it('gives the retry numbers and statuses the code uses', () => {
      const statuses = [...RETRYABLE_STATUSES].join(', ');
      assert.match(docs[0], new RegExp(`\`VERSORI_MAX_RETRIES\` \\(default ${DEFAULT_RETRY_POLICY.retries}\\)`));
      assert.match(docs[0], new RegExp(`\`VERSORI_TIMEOUT_MS\` \\(per attempt, default ${DEFAULT_TIMEOUT_MS}\\)`));
      assert.ok(docs[0].includes(`on ${statuses} and network errors`), 'docs/resources.md lists every retried status');
      assert.ok(docs[0].includes(`at most ${DEFAULT_RETRY_POLICY.maxElapsedMs / 1000} s`));
      assert.ok(docs[1].includes(`${[...RETRYABLE_STATUSES].join('/')} when it is idempotent`), 'docs/recovery.md lists every retried status');
      assert.ok(docs[1].includes(`${DEFAULT_RETRY_POLICY.retries} retries (\`VERSORI_MAX_RETRIES\`) or when ${DEFAULT_RETRY_POLICY.maxElapsedMs / 1000} s`));
    });
  });

  describe('against lost responses from the emulator', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness();
    });
    after(async () => {
      await h.stop();
    });
    afterEach(() => h.setFaults(null));

    async function listConnectors(): Promise<Array<{ id: string; name: string }>> {
      const res = await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors?first=100`, {
        headers: { Authorization: `Bearer ${h.emulator.token}` },
      });
      return ((await res.json()) as { connectors: Array<{ id: string; name: string }> }).connectors;
    }

    it('connectors whose create responses were dropped are adopted, not duplicated', async () => {
      h.resetRequests();
      h.setFaults({ seed: 7, dropResponseRate: 0.4 });
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await createConnector(`dropped-${i}`)).id);
      h.setFaults(null);
      assert.ok(h.requests.some((line) => /adopted Connector "dropped-/.test(line)), 'at least one create was adopted');
      const held = (await listConnectors()).filter((c) => c.name.startsWith('dropped-'));
      assert.deepEqual(held.map((c) => c.id).sort(), [...ids].sort());
    });

    it('an auth scheme config and a connection whose create responses were dropped are adopted', async () => {
      const connector = await createConnector('drop-host');
      h.resetRequests();
      h.setFaults({ seed: 5, dropResponseRate: 0.4 });
      const config = await createResource('authSchemeConfig', { connectorId: connector.id, schemeType: 'api-key', description: 'k', name: 'K', in: 'header' });
      const names = ['d1', 'd2', 'd3', 'd4'];
      const made: Props[] = [];
      for (const name of names) {
        made.push(
          (await createResource('connection', {
            connectorId: connector.id,
            name,
            credentials: { action: [{ authSchemeConfig: config.outs.config, credential: { name: 'k', type: 'string', data: { value: 'v' } } }] },
          })).outs,
        );
      }
      h.setFaults(null);
      assert.ok(h.requests.some((line) => /adopted Connection/.test(line)), 'at least one connection create was adopted');
      const res = await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors/${connector.id}`, {
        headers: { Authorization: `Bearer ${h.emulator.token}` },
      });
      const held = (await res.json()) as { authSchemeConfigs: unknown[]; connections: Array<{ id: string; name: string }> };
      assert.equal(held.authSchemeConfigs.length, 1);
      assert.deepEqual(held.connections.map((c) => c.name).sort(), names);
      assert.deepEqual(held.connections.map((c) => c.id).sort(), made.map((o) => String(o.connectionId)).sort());
    });
  });
});
