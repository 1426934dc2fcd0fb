import { strict as assert } from 'node:assert';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { retryDelayMs, VersoriApiError, VersoriClient } from '../../provider/client';
import { expectRejection, Harness, startHarness, TEST_RETRY } from '../support/provider-harness';

describe('provider/client', () => {
  let h: Harness;
  let lines: string[];
  let client: VersoriClient;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.stop();
  });
  beforeEach(() => {
    h.setFaults(null);
    lines = [];
    client = new VersoriClient(
      { token: h.emulator.token, organisationId: h.emulator.organisationId, baseUrl: h.emulator.baseUrl },
      { retry: TEST_RETRY, timeoutMs: 5000, log: (line) => lines.push(line) },
    );
  });
  const retries = () => lines.filter((l) => /^versori: retry /.test(l)).length;
  const newConnector = () =>
    client.createHttpConnector({ name: `c-${Date.now()}-${Math.random()}`, baseUrl: 'https://api.example.com', authSchemeConfigs: [], connections: [] }, 'Connector "c"');

  describe('errors', () => {
    it('prints a 400 as a sentence naming the object, each field path and the status', async () => {
      const connector = await newConnector();
      const error = await expectRejection(
        client.createConnection(
          connector.id,
          {
            name: 'prod',
            variables: [],
            credentials: { action: [{ authSchemeConfig: { id: '01HF3Z6Q8W9V2T5K7M4N0PXYZA', description: '', schemeType: 'none' }, credential: { name: 'k', type: 'string', data: {} } }] },
          },
          'Connection "prod"',
        ),
        /^Versori rejected Connection "prod": credentials\.action\[0\]\..+ \(400\)$/,
      );
      assert.ok(error instanceof VersoriApiError);
      assert.equal(error.status, 400);
      assert.equal(error.operation, 'CreateConnectorConnection');
      assert.ok(error.fields.length > 0);
      assert.match(error.fields[0].field, /^credentials\.action\[0\]/);
    });

    it('explains a wrong token (401) without revealing any token', async () => {
      const wrong = new VersoriClient({ token: 'wrong-token-123', organisationId: h.emulator.organisationId, baseUrl: h.emulator.baseUrl }, { retry: TEST_RETRY });
      const error = await expectRejection(wrong.getConnector('01HF3Z6Q8W9V2T5K7M4N0PXYZA', 'Connector "x"'), /did not accept the token.*versori:token.*VERSORI_TOKEN/);
      assert.equal((error as VersoriApiError).status, 401);
      const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
      assert.doesNotMatch(everything, /wrong-token-123|Bearer/);
      assert.doesNotMatch(everything, new RegExp(h.emulator.token));
    });

    it('explains a 404 by naming the object and the organisation setting', async () => {
      const error = await expectRejection(client.getConnector('01HF3Z6Q8W9V2T5K7M4N0PXYZA', 'Connector "crm"'), /Connector "crm" was not found.*versori:organisationId/);
      assert.equal((error as VersoriApiError).notFound, true);
    });

    it('reports a response the contract does not allow, naming what was unexpected', async () => {
      const server: Server = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 'not-a-ulid', name: 'x' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        const odd = new VersoriClient({ token: 't', organisationId: 'o', baseUrl: `http://127.0.0.1:${port}/api/connect/v1` }, { retry: TEST_RETRY });
        const error = await expectRejection(odd.getConnector('01HF3Z6Q8W9V2T5K7M4N0PXYZA', 'Connector "x"'), /response the API contract does not allow/);
        assert.equal((error as VersoriApiError).code, 'invalid_response');
        assert.ok((error as VersoriApiError).fields.length > 0);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('reports an unreachable platform after bounded retries', async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      await new Promise((resolve) => server.close(resolve));
      const down = new VersoriClient({ token: 't', organisationId: 'o', baseUrl: `http://127.0.0.1:${port}/api/connect/v1` }, { retry: TEST_RETRY });
      const error = await expectRejection(down.getConnector('01HF3Z6Q8W9V2T5K7M4N0PXYZA', 'Connector "x"'), /Could not reach Versori for GetConnector of Connector "x": ECONNREFUSED.*after 5 attempts/);
      assert.equal((error as VersoriApiError).ambiguous, true);
    });
  });

  describe('retries', () => {
    it('retries a GET on 429 beyond the retry count, until its time budget for throttling is spent, saying so', async () => {
      const connector = await newConnector();
      const throttled = new VersoriClient(
        { token: h.emulator.token, organisationId: h.emulator.organisationId, baseUrl: h.emulator.baseUrl },
        { retry: { ...TEST_RETRY, maxThrottledMs: 400 }, timeoutMs: 5000, log: (line) => lines.push(line) },
      );
      h.setFaults({ errorRate: 1, statuses: [429], retryAfterSeconds: 0 });
      lines = [];
      const error = await expectRejection(throttled.getConnector(connector.id, 'Connector "c"'), /rate-limiting GetConnector of Connector "c".*429, after \d+ attempts/);
      assert.ok((error as VersoriApiError).attempts > TEST_RETRY.retries + 1, `${(error as VersoriApiError).attempts} attempts`);
      assert.equal(retries(), (error as VersoriApiError).attempts - 1);
    });

    it('recovers from intermittent 503s on idempotent requests', async () => {
      const connector = await newConnector();
      h.setFaults({ seed: 3, errorRate: 0.5, statuses: [503] });
      lines = [];
      for (let i = 0; i < 6; i++) {
        const got = await client.getConnector(connector.id, 'Connector "c"');
        assert.equal(got.id, connector.id);
      }
      assert.ok(retries() > 0, 'some requests were retried');
    });

    it('never retries a POST on 503 (it may have taken effect)', async () => {
      h.setFaults({ errorRate: 1, statuses: [503] });
      const error = await expectRejection(newConnector(), /503/);
      assert.equal((error as VersoriApiError).attempts, 1);
      assert.equal((error as VersoriApiError).ambiguous, true);
      assert.equal(retries(), 0);
    });

    it('retries a POST on 429 (it was not processed)', async () => {
      h.setFaults({ seed: 1, errorRate: 0.5, statuses: [429], retryAfterSeconds: 0 });
      for (let i = 0; i < 4; i++) await newConnector();
      h.setFaults(null);
      assert.ok(retries() > 0);
    });

    it('waits as long as Retry-After asks', async () => {
      const connector = await newConnector();
      const patient = new VersoriClient(
        { token: h.emulator.token, organisationId: h.emulator.organisationId, baseUrl: h.emulator.baseUrl },
        { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5000, maxThrottledMs: 1500 } },
      );
      h.setFaults({ errorRate: 1, statuses: [429], retryAfterSeconds: 1 });
      const started = Date.now();
      await expectRejection(patient.getConnector(connector.id, 'Connector "c"'), /429/);
      assert.ok(Date.now() - started >= 950, `waited only ${Date.now() - started} ms`);
    });

    it('backs off exponentially with jitter, capped, and at least what Retry-After asks (within the cap)', () => {
      const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
      for (let i = 0; i < 20; i++) {
        const first = retryDelayMs(1, policy);
        assert.ok(first >= 50 && first <= 100, `first ${first}`);
        const third = retryDelayMs(3, policy);
        assert.ok(third >= 200 && third <= 400, `third ${third}`);
        assert.ok(retryDelayMs(10, policy) <= 1000);
      }
      assert.equal(retryDelayMs(1, policy, 700), 700);
      assert.equal(retryDelayMs(1, policy, 60_000), 1000);
    });
  });
});
