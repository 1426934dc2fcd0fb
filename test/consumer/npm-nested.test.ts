// npm nesting by a version conflict: the program depends on an earlier pulumi-versori itself and on a component
// package that needs this release, so npm hoists the earlier one and nests this one under the component. Every
// resource's provider text resolves from the program's folder, so the hoisted copy serves them all.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ProgramFolder } from '../../scripts/program-folder';
import {
  componentConsumer,
  type EmulatorProcess,
  packedPackage,
  previousRelease,
} from '../support/consumer';
import { COMPONENT_STACK, lifecycleSteps } from './steps';

function versionAt(dir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

describe('consumer: npm, pulumi-versori nested under a component by a version conflict', function () {
  this.timeout(15 * 60_000);
  let emulator: EmulatorProcess;
  let program: ProgramFolder;

  before(async () => {
    ({ program, emulator } = await componentConsumer('npm', async (root) => ({
      'pulumi-versori': `file:${previousRelease(await packedPackage(), root)}`,
    })));
  });
  after(async () => emulator?.stop());

  it('hoists the earlier release and nests this one under the component', () => {
    const modules = path.join(program.options.dir, 'node_modules');
    assert.equal(versionAt(path.join(modules, 'pulumi-versori')), '0.0.9');
    const nested = path.join(modules, '@example', 'versori-crm-integration', 'node_modules', 'pulumi-versori');
    assert.equal(versionAt(nested), versionAt(path.join(__dirname, '..', '..')));
  });

  lifecycleSteps({ program: () => program, emulator: () => emulator, ...COMPONENT_STACK });
});
