// A team's program that reaches pulumi-versori only through a component package, installed with pnpm's default
// (isolated, not hoisted) layout: program → @example/versori-crm-integration → pulumi-versori. Nothing of ours sits in
// the program's own node_modules, which is where the dynamic-provider process looks first.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ProgramFolder } from '../../scripts/program-folder';
import {
  EmulatorProcess,
  packedComponent,
  programAgainstEmulator,
  scratchDir,
  toolchain,
} from '../support/consumer';
import TOOLCHAINS from './toolchains.json';
import { lifecycleSteps } from './steps';

describe('consumer: pnpm, program → component package → pulumi-versori', function () {
  this.timeout(15 * 60_000);
  let emulator: EmulatorProcess;
  let program: ProgramFolder;

  before(async () => {
    const tools = await toolchain({});
    const root = scratchDir('pnpm');
    const component = await packedComponent(root, 'pnpm', tools);
    // The program does not depend on pulumi-versori itself, so its emulator command comes from this checkout's build.
    ({ program, emulator } = await programAgainstEmulator({
      template: path.join('examples', 'component', 'consumer'),
      dependencies: { '@example/versori-crm-integration': `file:${component}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk },
      secrets: { stagingApiKey: 'staging-key', productionApiKey: 'production-key' },
      manager: 'pnpm',
      tools,
      root,
    }));
  });
  after(async () => emulator?.stop());

  it('installs pulumi-versori where the program cannot require it directly', () => {
    const dir = program.options.dir;
    assert.equal(fs.existsSync(path.join(dir, 'node_modules', 'pulumi-versori')), false);
    assert.ok(fs.existsSync(path.join(dir, 'node_modules', '@example', 'versori-crm-integration')));
    // In a process of its own: this checkout's tests would resolve the name as a self-reference.
    const probe = spawnSync('node', ['-e', 'require.resolve("pulumi-versori")'], { cwd: dir, encoding: 'utf8' });
    assert.notEqual(probe.status, 0);
    assert.match(probe.stderr, /Cannot find module 'pulumi-versori'/);
  });

  lifecycleSteps({
    program: () => program,
    emulator: () => emulator,
    expected: { connectors: 1, authSchemeConfigs: 2, connections: 2 },
    otherResources: 2, // the stack and the CrmIntegration component
    change: { key: 'crmBaseUrl', value: 'https://api.example-crm.com/v3', property: 'baseUrl' },
  });
});

