// A representative part of the bad-input matrix through the real engine: `pulumi preview` fails on `check`, the
// message names the resource and the property, and the emulator sees no request at all. (The whole matrix runs
// against the handlers directly in test/provider/bad-input.test.ts.)
import { strict as assert } from 'assert';
import { AuthSchemeConfig, Connection, Connector } from '../../provider';
import type { ResourceKind } from '../../provider/dynamic';
import { BAD_INPUT_CASES, type BadInputCase } from '../support/bad-input-cases';
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
];

const cases = THROUGH_THE_ENGINE.map((title) => {
  const found = BAD_INPUT_CASES.find((c) => c.title === title);
  if (found === undefined) throw new Error(`no bad-input case "${title}"`);
  return found;
});

let current: BadInputCase | undefined;

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
        if (current !== undefined) register(current.kind, current.inputs);
      },
    });
  });

  after(async () => {
    await h?.close();
  });

  for (const badCase of cases) {
    it(`${badCase.kind}: ${badCase.title}`, async () => {
      current = badCase;
      const mark = h.mark();
      let failure: string;
      try {
        failure = await failureOf(h.stack.preview());
      } finally {
        current = undefined;
      }
      const type = { connector: 'Connector', authSchemeConfig: 'AuthSchemeConfig', connection: 'Connection' }[badCase.kind];
      // e.g. error: pulumi-nodejs:dynamic/versori:Connector resource 'bad': property baseUrl value {http://…} has a problem: must use https …
      const prefix = `error: pulumi-nodejs:dynamic/versori:${type} resource 'bad': property ${badCase.property} value `;
      const line = failure.split('\n').find((l) => l.trim().startsWith(prefix) && l.includes(' has a problem: '));
      assert.ok(line, `no line starts with "${prefix}":\n${failure.slice(-1500)}`);
      assert.match(line.slice(line.indexOf(' has a problem: ')), badCase.reason);
      assert.deepEqual(h.requests(mark), [], 'no request reached the platform');
    });
  }
});
