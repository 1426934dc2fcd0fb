import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ApiErrorBody, ConnectorPage } from '../../api/schemas';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator';
import { readRequestLog } from '../../emulator/request-log';
import { VersoriClient } from '../../provider/client';
import { exited, runCli, startCli } from './cli-support';
import { Client, httpConnectorBody, tempDir, type HttpResult } from './support';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function statusCounts(results: readonly HttpResult[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const { status } of results) counts.set(status, (counts.get(status) ?? 0) + 1);
  return counts;
}

/** `count` requests sent at once. */
function burst(count: number, send: () => Promise<HttpResult>): Promise<HttpResult[]> {
  return Promise.all(Array.from({ length: count }, send));
}

function assertThrottled(res: HttpResult): void {
  assert.equal(res.status, 429);
  assert.deepEqual(ApiErrorBody.parse(res.body), { code: 'rate_limited', message: 'rate limit exceeded' });
  assert.equal(res.headers.get('retry-after'), '1', 'whole seconds until a token is free (under 1 s at 1/s and more)');
}

/** The stderr and exit code of a CLI run that should not start. */
async function refusal(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = runCli(args, env);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const { code } = await exited(child);
  return { code, stderr };
}

describe('emulator rate limit', function () {
  this.timeout(20_000);
  const running: RunningEmulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((emulator) => emulator.close()));
  });

  async function start(options: EmulatorOptions): Promise<Client> {
    const emulator = await startEmulator({ port: 0, ...options });
    running.push(emulator);
    return new Client(emulator);
  }

  it('lets every request through while under the limit: a burst of the rate, then one request per refilled token', async () => {
    const client = await start({ rateLimit: 4 });
    const first = await burst(4, () => client.get('/connectors'));
    assert.deepEqual([...statusCounts(first)], [[200, 4]]);
    for (let i = 0; i < 4; i += 1) {
      await sleep(300);
      assert.equal((await client.get('/connectors')).status, 200, `paced request ${i}`);
    }
  });

  it('answers a burst over the limit 429 with an Error body and Retry-After, logged, without applying it', async () => {
    const requestLogFile = path.join(tempDir(), 'requests.jsonl');
    const client = await start({ rateLimit: 3, requestLogFile });
    const began = performance.now();
    const results = await burst(12, () => client.post('/protocols/http/connectors', httpConnectorBody()));
    const seconds = (performance.now() - began) / 1000;
    const created = results.filter((r) => r.status === 201).length;
    const throttled = results.filter((r) => r.status !== 201);
    assert.ok(created >= 3 && created <= 3 + Math.floor(seconds * 3), `${created} created in ${seconds} s`);
    assert.ok(throttled.length > 0);
    throttled.forEach(assertThrottled);

    await sleep(1000);
    const page = ConnectorPage.parse((await client.get('/connectors', { query: { first: '100' } })).body);
    assert.equal(page.totalCount, created, 'a throttled create creates nothing');
    const logged = readRequestLog(requestLogFile).filter((entry) => entry.status === 429);
    assert.equal(logged.length, throttled.length);
    for (const entry of logged) {
      assert.equal(entry.method, 'POST');
      assert.deepEqual(entry.responseBody, { code: 'rate_limited', message: 'rate limit exceeded' });
    }
  });

  it('lets the next request through after waiting Retry-After', async () => {
    const client = await start({ rateLimit: 2 });
    const results = await burst(5, () => client.get('/connectors'));
    const refused = results.find((r) => r.status === 429);
    assert.ok(refused !== undefined, 'the burst is throttled');
    assert.equal((await client.get('/connectors')).status, 429, 'still throttled right away');
    await sleep(Number(refused.headers.get('retry-after')) * 1000);
    assert.equal((await client.get('/connectors')).status, 200);
  });

  it("does not count requests without the token against the token's bucket", async () => {
    const client = await start({ rateLimit: 5 });
    const began = performance.now();
    const flood = await burst(40, () => client.get('/connectors', { token: null }));
    const wrong = await burst(40, () => client.get('/connectors', { token: 'guessed' }));
    const seconds = (performance.now() - began) / 1000;
    const counts = statusCounts([...flood, ...wrong]);
    assert.deepEqual([...counts.keys()].sort(), [401, 429], 'they share one bucket: 401 within it, 429 beyond');
    const passed = counts.get(401) ?? 0;
    assert.ok(passed <= 5 + Math.floor(seconds * 5), `${passed} unauthenticated requests got past the limit in ${seconds} s`);
    [...flood, ...wrong].filter((r) => r.status === 429).forEach(assertThrottled);
    const valid = await burst(5, () => client.get('/connectors'));
    assert.deepEqual([...statusCounts(valid)], [[200, 5]]);
  });

  it('comes before faults: a throttled request draws nothing from the fault sequence', async () => {
    const faults = { seed: 3, errorRate: 0.5, statuses: [503] };
    const limited = await start({ rateLimit: 2, faults });
    const passed: number[] = [];
    let throttled = 0;
    for (const pause of [0, 1100]) {
      await sleep(pause);
      for (let i = 0; i < 6; i += 1) {
        const { status } = await limited.get('/connectors');
        if (status === 429) throttled += 1;
        else passed.push(status);
      }
    }
    assert.ok(throttled > 0);
    const unlimited = await start({ faults });
    const expected: number[] = [];
    for (let i = 0; i < passed.length; i += 1) expected.push((await unlimited.get('/connectors')).status);
    assert.deepEqual(new Set(expected), new Set([200, 503]), 'the seed gives both outcomes, so a shifted sequence shows');
    assert.deepEqual(passed, expected);
  });

  it('does not limit the admin routes', async () => {
    const client = await start({ rateLimit: 1 });
    const results = await burst(20, () => client.get('/_emulator/info'));
    assert.deepEqual([...statusCounts(results)], [[200, 20]]);
    assert.equal((await client.get('/connectors')).status, 200, 'nor do they spend the API bucket');
  });

  it('is off by default: a burst of 200 requests all pass', async () => {
    const client = await start({});
    const results = await burst(200, () => client.get('/connectors'));
    assert.deepEqual([...statusCounts(results)], [[200, 200]]);
  });

  it('refuses a rate that is not a whole number of requests per second', async () => {
    for (const rateLimit of [0, 1.5, -1, Number.NaN]) {
      await assert.rejects(startEmulator({ port: 0, rateLimit }), /rateLimit .* is not a whole number of requests per second/);
    }
  });

  it("lets the provider's client finish 60 GETs at 20/s, honouring Retry-After, in no less than the limit allows", async () => {
    const requestLogFile = path.join(tempDir(), 'requests.jsonl');
    const client = await start({ rateLimit: 20, requestLogFile });
    const { baseUrl, organisationId, token } = client.emulator;
    const versori = new VersoriClient({ baseUrl, organisationId, token });
    const began = performance.now();
    const pages = await Promise.all(Array.from({ length: 60 }, () => versori.listConnectors({ first: 1 })));
    const elapsedMs = performance.now() - began;
    assert.equal(pages.length, 60);
    assert.ok(elapsedMs >= ((60 - 20) / 20) * 1000, `60 requests, 20 at once then 20/s, took ${elapsedMs} ms`);
    const statuses = readRequestLog(requestLogFile).map((entry) => entry.status);
    assert.equal(statuses.filter((s) => s === 200).length, 60);
    assert.ok(statuses.includes(429), 'the client was throttled and retried');
    assert.equal(statuses.length, statuses.filter((s) => s === 200 || s === 429).length);
  });

  describe('from the CLI', function () {
    this.timeout(60_000);
    /** The statuses of a burst of 10 to a CLI started with `args` and `env`. */
    async function throttledCli(args: string[], env: Record<string, string>): Promise<Map<number, number>> {
      const started = await startCli(['--port', '0', '--token', 'cli-token', ...args], env);
      try {
        const [, baseUrl, , organisation] = started.match;
        const url = `${String(baseUrl)}/o/${String(organisation)}/connectors`;
        const results = await burst(10, async () => {
          const response = await fetch(url, { headers: { authorization: 'Bearer cli-token' } });
          const text = await response.text();
          return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as unknown };
        });
        return statusCounts(results);
      } finally {
        started.child.kill('SIGTERM');
        await exited(started.child);
      }
    }

    it('takes --rate-limit, else VERSORI_EMULATOR_RATE_LIMIT; the flag wins', async () => {
      const limitedTo = (counts: Map<number, number>, rate: number): void => {
        const passed = counts.get(200) ?? 0;
        assert.ok(passed >= rate && passed <= rate + 1, `${passed} of 10 passed at ${rate}/s`);
        assert.equal(counts.get(429), 10 - passed);
      };
      limitedTo(await throttledCli(['--rate-limit', '2'], {}), 2);
      limitedTo(await throttledCli([], { VERSORI_EMULATOR_RATE_LIMIT: '3' }), 3);
      assert.deepEqual([...(await throttledCli(['--rate-limit', '50'], { VERSORI_EMULATOR_RATE_LIMIT: '1' }))], [[200, 10]]);
      assert.deepEqual([...(await throttledCli(['--rate-limit', '50'], { VERSORI_EMULATOR_RATE_LIMIT: 'x' }))], [[200, 10]]);
    });

    it('exits 2, saying why, on a rate that is not a whole number of requests per second', async () => {
      const runs = await Promise.all([
        refusal(['--port', '0', '--rate-limit', '0']),
        refusal(['--port', '0', '--rate-limit', '2.5']),
        refusal(['--port', '0'], { VERSORI_EMULATOR_RATE_LIMIT: 'lots' }),
      ]);
      assert.deepEqual(
        runs.map((r) => r.code),
        [2, 2, 2],
      );
      assert.match(runs[0]?.stderr ?? '', /--rate-limit 0 is not a whole number of requests per second/);
      assert.match(runs[1]?.stderr ?? '', /--rate-limit 2\.5 is not a whole number/);
      assert.match(runs[2]?.stderr ?? '', /VERSORI_EMULATOR_RATE_LIMIT lots is not a whole number/);
    });
  });
});
