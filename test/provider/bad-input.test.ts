// The bad-input matrix, through the handlers' `check` as the dynamic-provider host calls it: every case is refused
// with a failure naming the property, and the emulator's request log proves that no request was sent.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { configure, handlers } from '../../provider/handlers';
import { BAD_INPUT_CASES, failureNaming } from '../support/bad-input-cases';
import { isolateEnvironment, stackConfig } from '../support/provider-harness';

describe('provider: bad input is refused by check, naming the property, without any request', () => {
  let emulator: RunningEmulator;
  let scratch: string;
  let requestLog: string;
  let environment: { restore(): void };

  before(async () => {
    environment = isolateEnvironment();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'versori-bad-input-'));
    requestLog = path.join(scratch, 'requests.jsonl');
    fs.writeFileSync(requestLog, '');
    emulator = await startEmulator({ requestLogFile: requestLog });
    await configure({
      config: stackConfig({
        'versori:token': emulator.token,
        'versori:organisationId': emulator.organisationId,
        'versori:baseUrl': emulator.baseUrl,
      }),
    });
  });

  after(async () => {
    await configure({ config: stackConfig({}) });
    environment.restore();
    await emulator?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('covers at least 30 cases across the three resources', () => {
    assert.ok(BAD_INPUT_CASES.length >= 30, `${BAD_INPUT_CASES.length} cases`);
    for (const kind of ['connector', 'authSchemeConfig', 'connection'] as const) {
      assert.ok(BAD_INPUT_CASES.filter((c) => c.kind === kind).length >= 10, kind);
    }
  });

  for (const badCase of BAD_INPUT_CASES) {
    it(`${badCase.kind}: ${badCase.title} → ${badCase.property}`, async () => {
      const before = fs.readFileSync(requestLog, 'utf8');
      const result = await handlers[badCase.kind].check({}, badCase.inputs);
      const failures = result.failures ?? [];
      const named = failureNaming(failures, badCase.property);
      assert.ok(named, `no failure names ${badCase.property}: ${JSON.stringify(failures)}`);
      assert.match(named.reason, badCase.reason);
      for (const property of badCase.notNamed ?? []) {
        assert.equal(failureNaming(failures, property), undefined, `a failure names ${property}: ${JSON.stringify(failures)}`);
      }
      if (badCase.secret !== undefined) assert.ok(!JSON.stringify(failures).includes(badCase.secret), 'a failure shows the secret');
      assert.equal(fs.readFileSync(requestLog, 'utf8'), before, 'check sent a request');
    });
  }

  it('the request log stayed empty for the whole matrix', () => {
    assert.equal(fs.readFileSync(requestLog, 'utf8'), '');
  });

  it('valid inputs pass the same checks (the matrix is not refusing everything)', async () => {
    const valid = [
      handlers.connector.check({}, { name: 'crm', baseUrl: 'https://api.example.com' }),
      handlers.authSchemeConfig.check({}, { connectorId: '01JB00000000000000000000CN', schemeType: 'api-key', description: 'k', name: 'X', in: 'header' }),
      handlers.connection.check({}, {
        connectorId: '01JB00000000000000000000CN',
        name: 'prod',
        credentials: { action: [{ authSchemeConfig: { id: '01JB00000000000000000000AK', schemeType: 'api-key' }, credential: { name: 'k', type: 'string', data: { value: 'v' } } }] },
      }),
    ];
    for (const result of await Promise.all(valid)) assert.deepEqual(result.failures ?? [], []);
  });
});
