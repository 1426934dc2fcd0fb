// State written by a previous release of the package, installed at another path, then the project moved and the
// package upgraded: the engine refreshes and deletes with the `__provider` text stored in that old state, so that
// text must find whatever release is installed now, wherever the project is.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ProgramFolder } from '../../scripts/program-folder';
import {
  EmulatorProcess,
  install,
  packedPackage,
  pinDependencies,
  previousRelease,
  programAgainstEmulator,
  scratchDir,
  type Toolchain,
} from '../support/consumer';
import TOOLCHAINS from './toolchains.json';

function providerTexts(state: { deployment: { resources?: Array<Record<string, unknown>> } }): string[] {
  return (state.deployment.resources ?? [])
    .filter((resource) => String(resource.type).startsWith('pulumi-nodejs:dynamic/versori:'))
    .map((resource) => String((resource.outputs as Record<string, unknown>).__provider));
}

describe('consumer: a stack from a previous release, after the project moved and the package was upgraded', function () {
  this.timeout(15 * 60_000);
  let tools: Toolchain;
  let emulator: EmulatorProcess;
  let original: ProgramFolder;
  let moved: ProgramFolder;
  let oldTexts: string[];

  before(async () => {
    const root = scratchDir('upgrade');
    ({ program: original, emulator, tools } = await programAgainstEmulator({
      template: path.join('examples', 'basic'),
      dependencies: { 'pulumi-versori': `file:${previousRelease(await packedPackage(), root)}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk },
      secrets: { apiKey: 'upgrade-api-key', clientSecret: 'upgrade-secret' },
      root,
      folder: path.join('checkout-a', 'program'),
    }));
  });
  after(async () => emulator?.stop());

  it('the previous release brings the stack up', async () => {
    await original.up();
    assert.deepEqual(await emulator.counts(), { connectors: 1, authSchemeConfigs: 2, connections: 2 });
    oldTexts = providerTexts(await original.exportState());
    assert.equal(oldTexts.length, 5);
  });

  it('moved, with the package gone, refresh fails with a sentence saying what to install', async () => {
    const target = path.join(path.dirname(path.dirname(original.options.dir)), 'checkout-b', 'program');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(original.options.dir, target);
    moved = new ProgramFolder({ ...original.options, dir: target });
    fs.rmSync(path.join(target, 'node_modules', 'pulumi-versori'), { recursive: true });
    const failed = await moved.refresh([], { allowFailure: true });
    const output = failed.stdout + failed.stderr;
    assert.notEqual(failed.code, 0);
    assert.match(output, new RegExp(`Cannot load pulumi-versori for the Pulumi program in ${target}: add pulumi-versori to its dependencies`));
    assert.doesNotMatch(output, /Require stack/);
  });

  it('upgraded to this release, refresh reads the old state back with no drift', async () => {
    pinDependencies(moved.options.dir, { 'pulumi-versori': `file:${await packedPackage()}` });
    await install(moved.options.dir, 'npm', tools);
    await moved.refresh();
    assert.equal((await moved.lastUpdate()).resourceChanges.update, undefined);
  });

  it('an up after the upgrade changes nothing, and the stored provider text stays the same', async () => {
    const { stdout } = await moved.up();
    assert.match(stdout, /6 unchanged/);
    assert.deepEqual(providerTexts(await moved.exportState()), oldTexts);
  });

  it('a changed input updates in place through the upgraded package', async () => {
    await moved.setConfig('connectorBaseUrl', 'https://api.example-crm.com/v3');
    await moved.up();
    assert.equal((await moved.lastUpdate()).resourceChanges.update, 1);
  });

  it('destroy with the old state leaves the platform empty', async () => {
    await moved.destroy();
    assert.deepEqual(await emulator.counts(), { connectors: 0, authSchemeConfigs: 0, connections: 0 });
  });
});
