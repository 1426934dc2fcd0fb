// Mistakes in a JavaScript program, run by the bare CLI on a packed install: `pulumi preview` refuses each, naming
// the property as written, with no request sent and no secret printed. One case per kind of mistake from the matrix
// that test/provider/bad-input.test.ts runs in full against `check`.
import { strict as assert } from 'assert';
import * as path from 'path';
import type { ProgramFolder } from '../../scripts/program-folder';
import { BAD_INPUT_CASES, printedReason } from '../support/bad-input-cases';
import {
  EmulatorProcess,
  packedPackage,
  programAgainstEmulator,
} from '../support/consumer';
import TOOLCHAINS from './toolchains.json';

const SAMPLE = [
  'documentationUrl for documentationURL', // an unknown property
  'one credential where a list belongs', // a wrong shape
  'base URL carrying credentials', // an unsafe value
  'ULID with a letter outside Crockford base32', // a misleading message, now exact
];

describe('consumer: a JavaScript program\'s mistakes, refused at preview through the bare CLI', function () {
  this.timeout(15 * 60_000);
  let emulator: EmulatorProcess;
  let program: ProgramFolder;

  before(async () => {
    ({ program, emulator } = await programAgainstEmulator({
      template: path.join('test', 'consumer', 'fixtures', 'mistakes'),
      dependencies: { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk },
      secrets: {},
    }));
  });
  after(async () => emulator?.stop());

  async function refusedPreview(config: [string, string]): Promise<string> {
    const mark = emulator.requests().length;
    await program.setConfig(...config);
    try {
      const result = await program.preview([], { allowFailure: true, show: false });
      assert.notEqual(result.code, 0, `preview succeeded:\n${result.stdout}`);
      assert.deepEqual(emulator.requests().slice(mark), [], 'no request reached the platform');
      return result.stdout + result.stderr;
    } finally {
      await program.removeConfig(config[0]);
    }
  }

  for (const title of SAMPLE) {
    const badCase = BAD_INPUT_CASES.find((c) => c.title === title);
    if (badCase === undefined) throw new Error(`no bad-input case "${title}"`);
    it(`${badCase.kind}: ${title}`, async () => {
      const output = await refusedPreview(['case', JSON.stringify({ kind: badCase.kind, inputs: badCase.inputs })]);
      const reason = printedReason(output, badCase.kind, badCase.property);
      assert.ok(reason !== undefined, `no error names ${badCase.property}:\n${output.slice(-1500)}`);
      assert.match(reason, badCase.reason);
      if (badCase.secret !== undefined) assert.ok(!output.includes(badCase.secret), 'the CLI printed the secret');
    });
  }

  it('connection: a credential that does not fit the scheme type of a new AuthSchemeConfig, before anything is created', async () => {
    const output = await refusedPreview(['schemeMismatch', 'true']);
    const reason = printedReason(output, 'connection', 'credentials.action[0].credential.type');
    assert.ok(reason !== undefined, `no error names the credential type:\n${output.slice(-1500)}`);
    assert.match(reason, /"api-key" auth scheme takes "string" credentials, not "basic-auth"/);
    assert.deepEqual(await emulator.counts(), { connectors: 0, authSchemeConfigs: 0, connections: 0 });
  });
});
