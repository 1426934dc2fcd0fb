// A team's program that reaches pulumi-versori only through a component package, installed with pnpm's default
// (isolated, not hoisted) layout: program → @example/versori-crm-integration → pulumi-versori. Nothing of ours sits in
// the program's own node_modules, which is where the dynamic-provider process looks first.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ProgramFolder } from '../../scripts/program-folder';
import {
  componentConsumer,
  type EmulatorProcess,
} from '../support/consumer';
import { COMPONENT_STACK, lifecycleSteps } from './steps';

describe('consumer: pnpm, program → component package → pulumi-versori', function () {
  this.timeout(15 * 60_000);
  let emulator: EmulatorProcess;
  let program: ProgramFolder;

  before(async () => {
    // The program does not depend on pulumi-versori itself, so its emulator command comes from this checkout's build.
    ({ program, emulator } = await componentConsumer('pnpm'));
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

  lifecycleSteps({ program: () => program, emulator: () => emulator, ...COMPONENT_STACK });
});

