// npm nesting by a version conflict: the program depends on an earlier pulumi-versori itself and on a component
// package that needs this release, so npm hoists the earlier one and nests this one under the component. Every
// resource's provider text resolves from the program's folder, so the hoisted copy serves them all.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ProgramFolder } from '../../scripts/program-folder';
import {
  EmulatorProcess,
  packedComponent,
  packedPackage,
  previousRelease,
  programAgainstEmulator,
  scratchDir,
  toolchain,
} from '../support/consumer';
import { lifecycleSteps } from './steps';
import TOOLCHAINS from './toolchains.json';

function versionAt(dir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

describe('consumer: npm, pulumi-versori nested under a component by a version conflict', function () {
  this.timeout(15 * 60_000);
  let emulator: EmulatorProcess;
  let program: ProgramFolder;

  before(async () => {
    const tools = await toolchain({});
    const root = scratchDir('nested');
    const component = await packedComponent(root, 'npm', tools);
    ({ program, emulator } = await programAgainstEmulator({
      template: path.join('examples', 'component', 'consumer'),
      dependencies: {
        '@example/versori-crm-integration': `file:${component}`,
        'pulumi-versori': `file:${previousRelease(await packedPackage(), root)}`,
        '@pulumi/pulumi': TOOLCHAINS.lowestSdk,
      },
      secrets: { stagingApiKey: 'staging-key', productionApiKey: 'production-key' },
      tools,
      root,
    }));
  });
  after(async () => emulator?.stop());

  it('hoists the earlier release and nests this one under the component', () => {
    const modules = path.join(program.options.dir, 'node_modules');
    assert.equal(versionAt(path.join(modules, 'pulumi-versori')), '0.0.9');
    const nested = path.join(modules, '@example', 'versori-crm-integration', 'node_modules', 'pulumi-versori');
    assert.equal(versionAt(nested), versionAt(path.join(__dirname, '..', '..')));
  });

  lifecycleSteps({
    program: () => program,
    emulator: () => emulator,
    expected: { connectors: 1, authSchemeConfigs: 2, connections: 2 },
    otherResources: 2, // the stack and the CrmIntegration component
    change: { key: 'crmBaseUrl', value: 'https://api.example-crm.com/v3', property: 'baseUrl' },
  });
});
