// What `pulumi preview --logtostderr -v=9` prints on the users' path: a program folder, the packed install, the bare
// CLI, secrets in the stack's config. test/e2e/secrets.test.ts runs inline Automation API programs, whose one-shot
// stacks never hold a secret that is not a current config value; here the stack also holds rotated ones. The engine
// masks every current secret config value in its logs, but prints the old inputs of every resource (and of the default
// `pulumi-nodejs` provider, which dynamic providers are handed the whole stack configuration through) with their
// secrets decrypted: a rotated secret's old value is in the log in clear. docs/resources.md says so; this holds it.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../scripts/engine';
import type { ProgramFolder } from '../../scripts/program-folder';
import { EmulatorProcess, packedPackage, programAgainstEmulator } from '../support/consumer';
import TOOLCHAINS from './toolchains.json';

const FIRST = 'verbose-first-key-5e1d';
const SECOND = 'verbose-second-key-9a0c';

describe('consumer: verbose engine logs (-v=9) on the users\' path', function () {
  this.timeout(10 * 60_000);
  let emulator: EmulatorProcess;
  let program: ProgramFolder;

  before(async () => {
    ({ program, emulator } = await programAgainstEmulator({
      template: path.join('test', 'consumer', 'fixtures', 'previews'),
      dependencies: { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk },
      secrets: { apiKey: FIRST },
    }));
    await program.up([], { show: false });
  });
  after(async () => emulator?.stop());

  async function verbosePreview(): Promise<string> {
    const run = await program.preview(['--logtostderr', '-v=9'], { show: false });
    assert.ok(run.stderr.length > 100_000, `the engine logged verbosely (${run.stderr.length} characters)`);
    return run.stdout + run.stderr;
  }

  it('masks the current secret config values and the token', async () => {
    const log = await verbosePreview();
    assert.match(log, /\[secret\]/);
    for (const secret of [FIRST, emulator.target.token]) assert.ok(!log.includes(secret), `${secret.slice(0, 12)}… in the log`);
  });

  it('prints a rotated secret\'s old value from the state, as docs/resources.md warns', async () => {
    await program.setConfig('apiKey', SECOND, { secret: true });
    const log = await verbosePreview();
    assert.ok(!log.includes(SECOND), 'the current value is masked');
    assert.ok(!log.includes(emulator.target.token), 'the token is masked');
    assert.ok(log.includes(FIRST), 'measured on CLI 3.246: the old value is logged in clear; if no longer, update docs/resources.md');
    const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'resources.md'), 'utf8');
    assert.match(docs, /## Verbose logs hold secrets/);
    assert.match(docs, /old value of a rotated secret/);
  });
});
