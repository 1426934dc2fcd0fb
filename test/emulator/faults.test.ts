import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ApiErrorBody, ConnectorPage } from '../../api/schemas';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { Client, fieldNames, httpConnectorBody, obj, tempDir, useEmulator } from './support';

async function connectorCount(client: Client, emulator: RunningEmulator): Promise<number> {
  emulator.setFaults(null);
  return ConnectorPage.parse((await client.get('/connectors', { query: { first: '100' } })).body).totalCount;
}

async function outcome(client: Client): Promise<string> {
  try {
    return String((await client.get('/connectors')).status);
  } catch {
    return 'reset';
  }
}

describe('emulator fault injection', () => {
  const { client, emulator } = useEmulator();

  afterEach(() => emulator().setFaults(null));

  it('is off by default', async () => {
    const res = await client().get('/_emulator/faults');
    assert.deepEqual(res.body, { faults: null });
    for (let i = 0; i < 5; i += 1) assert.equal((await client().get('/connectors')).status, 200);
  });

  it('errorRate answers one of the statuses with an Error body, without applying the request', async () => {
    const before = await connectorCount(client(), emulator());
    emulator().setFaults({ seed: 7, errorRate: 1, statuses: [502, 503] });
    const seen = new Set<number>();
    for (let i = 0; i < 12; i += 1) {
      const res = await client().post('/protocols/http/connectors', httpConnectorBody());
      assert.ok(res.status === 502 || res.status === 503, String(res.status));
      ApiErrorBody.parse(res.body);
      seen.add(res.status);
    }
    assert.equal(seen.size, 2, 'both statuses come up');
    assert.equal(await connectorCount(client(), emulator()), before);
  });

  it('a 429 carries Retry-After', async () => {
    emulator().setFaults({ errorRate: 1, statuses: [429] });
    const res = await client().get('/connectors');
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.equal(ApiErrorBody.parse(res.body).code, 'rate_limited');
  });

  it('resetRate destroys the socket without applying the request', async () => {
    const before = await connectorCount(client(), emulator());
    emulator().setFaults({ resetRate: 1 });
    await assert.rejects(client().post('/protocols/http/connectors', httpConnectorBody()));
    assert.equal(await connectorCount(client(), emulator()), before);
  });

  it('dropResponseRate applies the request and then destroys the socket', async () => {
    const before = await connectorCount(client(), emulator());
    emulator().setFaults({ dropResponseRate: 1 });
    await assert.rejects(client().post('/protocols/http/connectors', httpConnectorBody()));
    assert.equal(await connectorCount(client(), emulator()), before + 1);
  });

  it('latencyMs delays every API response but not the admin routes', async () => {
    emulator().setFaults({ latencyMs: 150 });
    const started = Date.now();
    assert.equal((await client().get('/connectors')).status, 200);
    assert.ok(Date.now() - started >= 140, `took ${Date.now() - started}ms`);
    const adminStarted = Date.now();
    await client().get('/_emulator/faults');
    assert.ok(Date.now() - adminStarted < 140);
  });

  it('is seeded: the same seed repeats the same sequence of outcomes', async () => {
    const config = { seed: 42, errorRate: 0.3, statuses: [500, 503], resetRate: 0.2 };
    const runs: string[][] = [];
    for (let run = 0; run < 2; run += 1) {
      emulator().setFaults(config);
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i += 1) outcomes.push(await outcome(client()));
      runs.push(outcomes);
    }
    assert.deepEqual(runs[0], runs[1]);
    assert.ok(new Set(runs[0]).size >= 3, `a mix of outcomes: ${runs[0]?.join(',')}`);
    emulator().setFaults({ ...config, seed: 43 });
    const other: string[] = [];
    for (let i = 0; i < 20; i += 1) other.push(await outcome(client()));
    assert.notDeepEqual(other, runs[0]);
  });

  it('never faults the admin routes, which set and read the config over HTTP', async () => {
    const put = await client().put('/_emulator/faults', { errorRate: 1, statuses: [500] });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body, { faults: { errorRate: 1, statuses: [500] } });
    assert.equal((await client().get('/connectors')).status, 500);
    for (let i = 0; i < 5; i += 1) assert.equal((await client().get('/_emulator/faults')).status, 200);
    assert.equal((await client().request('DELETE', '/_emulator/faults')).status, 204);
    assert.equal((await client().get('/connectors')).status, 200);
    const bad = await client().put('/_emulator/faults', { errorRate: 2, bogus: true });
    assert.equal(bad.status, 400);
    assert.ok(fieldNames(bad.body).includes('errorRate'));
  });
});

describe('emulator faults from the environment and the request log', () => {
  it('reads VERSORI_EMULATOR_FAULTS and logs each injected fault', async () => {
    const requestLogFile = path.join(tempDir(), 'faults.jsonl');
    const previous = process.env.VERSORI_EMULATOR_FAULTS;
    process.env.VERSORI_EMULATOR_FAULTS = JSON.stringify({ seed: 1, errorRate: 1, statuses: [503] });
    let emulator: RunningEmulator;
    try {
      emulator = await startEmulator({ requestLogFile });
    } finally {
      if (previous === undefined) delete process.env.VERSORI_EMULATOR_FAULTS;
      else process.env.VERSORI_EMULATOR_FAULTS = previous;
    }
    try {
      const client = new Client(emulator);
      assert.equal((await client.get('/connectors')).status, 503);
      emulator.setFaults({ resetRate: 1 });
      await assert.rejects(client.get('/connectors'));
      emulator.setFaults({ dropResponseRate: 1 });
      await assert.rejects(client.post('/protocols/http/connectors', httpConnectorBody()));
      const entries = readFileSync(requestLogFile, 'utf8').trim().split('\n').map((l) => obj(JSON.parse(l)));
      assert.deepEqual(entries.map((e) => [e.fault, e.status]), [['error', 503], ['reset', undefined], ['drop', 201]]);
    } finally {
      await emulator.close();
    }
  });

  it('refuses a VERSORI_EMULATOR_FAULTS that is not a fault config', async () => {
    const previous = process.env.VERSORI_EMULATOR_FAULTS;
    process.env.VERSORI_EMULATOR_FAULTS = '{"errorRate": "lots"}';
    try {
      await assert.rejects(startEmulator(), /VERSORI_EMULATOR_FAULTS/);
    } finally {
      if (previous === undefined) delete process.env.VERSORI_EMULATOR_FAULTS;
      else process.env.VERSORI_EMULATOR_FAULTS = previous;
    }
  });
});
