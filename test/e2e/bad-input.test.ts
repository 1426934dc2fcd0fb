// A representative part of the bad-input matrix through the real engine: `pulumi preview` fails on `check`, the
// message names the resource and the property, and the emulator sees no request at all. (The whole matrix runs
// against the handlers directly in test/provider/bad-input.test.ts.)
import { strict as assert } from 'assert';
import { AuthSchemeConfig, Connection, Connector } from '../../provider';
import type { ResourceKind } from '../../provider/dynamic';
import { BAD_INPUT_CASES, printedReason } from '../support/bad-input-cases';
import { failureOf, startEngineHarness, type EngineHarness } from '../support/engine-harness';

const THROUGH_THE_ENGINE = [
  'connector with an empty name',
  'plain http base URL on a public host',
  'duplicate connection variable names',
  'scheme type the API cannot take',
  'hmac config without digest inputs',
  'oauth2 config with an invalid grant',
  'credential type that does not fit its scheme',
  'connection with an empty credential list',
  // Issue 15, one per class (class 4 needs a program of several resources: below).
  'documentationUrl for documentationURL',
  'one credential where a list belongs',
  'base URL carrying credentials',
  'ULID with a letter outside Crockford base32',
];

const cases = THROUGH_THE_ENGINE.map((title) => {
  const found = BAD_INPUT_CASES.find((c) => c.title === title);
  if (found === undefined) throw new Error(`no bad-input case "${title}"`);
  return found;
});

let current: (() => void) | undefined;

function register(kind: ResourceKind, inputs: Record<string, unknown>): void {
  // The inputs are wrong on purpose: they reach the resource classes untyped, as from a JavaScript program.
  const args = inputs as never;
  if (kind === 'connector') new Connector('bad', args);
  else if (kind === 'authSchemeConfig') new AuthSchemeConfig('bad', args);
  else new Connection('bad', args);
}

describe('engine: bad input is refused at preview, naming the property, with no request sent', function () {
  this.timeout(240_000);
  let h: EngineHarness;

  before(async function () {
    this.timeout(1_200_000);
    h = await startEngineHarness({
      program: async () => {
        current?.();
      },
    });
  });

  after(async () => {
    await h?.close();
  });

  async function refusedPreview(program: () => void): Promise<{ failure: string; requests: unknown[] }> {
    current = program;
    const mark = h.mark();
    try {
      return { failure: await failureOf(h.stack.preview()), requests: h.requests(mark) };
    } finally {
      current = undefined;
    }
  }

  for (const badCase of cases) {
    it(`${badCase.kind}: ${badCase.title}`, async () => {
      const { failure, requests } = await refusedPreview(() => register(badCase.kind, badCase.inputs));
      const reason = printedReason(failure, badCase.kind, badCase.property);
      assert.ok(reason !== undefined, `no error names ${badCase.property}:\n${failure.slice(-1500)}`);
      assert.match(reason, badCase.reason);
      if (badCase.secret !== undefined) assert.ok(!failure.includes(badCase.secret), 'the engine printed the secret');
      assert.deepEqual(requests, [], 'no request reached the platform');
    });
  }

  it('connection: a credential that does not fit the scheme type of a new AuthSchemeConfig is refused before anything is created', async () => {
    const { failure, requests } = await refusedPreview(() => {
      const crm = new Connector('crm', { name: 'crm', baseUrl: 'https://api.example.com' });
      const apiKey = new AuthSchemeConfig('api-key', { connectorId: crm.id, schemeType: 'api-key', description: 'key', name: 'X-Key', in: 'header' });
      new Connection('bad', {
        connectorId: crm.id,
        name: 'prod',
        credentials: { action: [{ authSchemeConfig: apiKey, credential: { name: 'login', type: 'basic-auth', data: { username: 'u', password: 'p' } } }] },
      });
    });
    const reason = printedReason(failure, 'connection', 'credentials.action[0].credential.type');
    assert.ok(reason !== undefined, `no error names the credential type:\n${failure.slice(-1500)}`);
    assert.match(reason, /"api-key" auth scheme takes "string" credentials, not "basic-auth"/);
    assert.deepEqual(requests, [], 'no request reached the platform');
  });
});
