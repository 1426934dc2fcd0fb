// A stack holding every kind, written by a previous release of the package (the packed tarball re-versioned 0.0.9),
// with the computed outputs an older release would not have recorded taken out of its state: after the upgrade, an
// update from it says to refresh, refresh reads every resource back by its id, one changed input per kind updates each
// in place, and destroy leaves the platform empty.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ProgramFolder } from '../../scripts/program-folder';
import { EmulatorProcess, install, packedPackage, pinDependencies, previousRelease, programAgainstEmulator, scratchDir, type Toolchain } from '../support/consumer';
import TOOLCHAINS from './toolchains.json';

const TYPE_PREFIX = 'pulumi-nodejs:dynamic/versori:';

/** Per kind, computed outputs taken out of the state, as a release that did not record them would have left it. */
const NOT_RECORDED: Record<string, readonly string[]> = {
  Connector: ['organisationId'],
  ConnectorVersion: ['versionId', 'createdAt'],
  ConnectorVersionPublication: ['versionId', 'messages'],
  Definition: ['definitionId', 'url'],
  Action: ['actionId', 'linkedDefinitions'],
  Trigger: ['triggerId', 'linkedDefinitions'],
};

/** Connector, auth scheme config, connection, two versions, the publication, a definition, an action, a trigger. */
const OURS = 9;
/** All but the released version, whose inputs stay as they are (a published version's description cannot change). */
const CHANGED = OURS - 1;

type State = { deployment: { resources?: Array<Record<string, unknown>> } };

function ours(state: State): Array<{ kind: string; outputs: Record<string, unknown> }> {
  return (state.deployment.resources ?? [])
    .filter((resource) => String(resource.type).startsWith(TYPE_PREFIX))
    .map((resource) => ({ kind: String(resource.type).slice(TYPE_PREFIX.length), outputs: resource.outputs as Record<string, unknown> }));
}

function installedVersion(program: ProgramFolder): string {
  const manifest = path.join(program.options.dir, 'node_modules', 'pulumi-versori', 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

describe('consumer: a stack of every kind from a previous release, refreshed, updated and destroyed after the upgrade', function () {
  this.timeout(15 * 60_000);
  let tools: Toolchain;
  let emulator: EmulatorProcess;
  let program: ProgramFolder;

  before(async () => {
    const root = scratchDir('upgrade-versions');
    ({ program, emulator, tools } = await programAgainstEmulator({
      template: path.join('test', 'consumer', 'fixtures', 'every-kind'),
      dependencies: { 'pulumi-versori': `file:${previousRelease(await packedPackage(), root)}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk },
      secrets: { apiKey: 'every-kind-api-key' },
      root,
    }));
  });
  after(async () => emulator?.stop());

  it('the previous release brings up every kind', async () => {
    assert.equal(installedVersion(program), '0.0.9');
    await program.up();
    assert.deepEqual(await emulator.counts(), { connectors: 1, authSchemeConfigs: 1, connections: 1 });
    assert.deepEqual(await emulator.versions(), {
      'Every Kind CRM/1.0.0': { published: true, isDefault: false, definitions: [], actions: [], triggers: [] },
      'Every Kind CRM/2.0.0': { published: false, isDefault: false, definitions: ['contact'], actions: ['get-contact'], triggers: ['contact-created'] },
    });
    assert.equal(ours(await program.exportState()).length, OURS);
  });

  it('its state loses the computed outputs an older release did not record', async () => {
    const state = (await program.exportState()) as State;
    let removed = 0;
    for (const { kind, outputs } of ours(state)) {
      for (const key of NOT_RECORDED[kind] ?? []) {
        assert.ok(key in outputs, `${kind} records ${key}`);
        delete outputs[key];
        removed += 1;
      }
    }
    assert.equal(removed, 13);
    const file = path.join(path.dirname(program.options.dir), 'older-state.json');
    fs.writeFileSync(file, JSON.stringify(state));
    await program.run(['stack', 'import', '--file', file, '--stack', program.options.stack]);
    assert.ok(ours(await program.exportState()).every(({ kind, outputs }) => (NOT_RECORDED[kind] ?? []).every((key) => !(key in outputs))));
  });

  it('upgraded to this release, an update from that state fails naming what it lacks and saying to refresh, sending nothing', async () => {
    pinDependencies(program.options.dir, { 'pulumi-versori': `file:${await packedPackage()}` });
    await install(program.options.dir, 'npm', tools);
    assert.notEqual(installedVersion(program), '0.0.9');
    await program.setPlainConfig({ changed: 'true' });
    const mark = emulator.mark();
    const urn = `urn:pulumi:${program.options.stack}::versori-every-kind::${TYPE_PREFIX}Definition::contact`;
    const failed = await program.up(['--target', urn], { allowFailure: true });
    assert.notEqual(failed.code, 0);
    assert.match(
      failed.stdout + failed.stderr,
      /The state of this Definition was written by another release of pulumi-versori and lacks definitionId \(expected a string\): run `pulumi refresh` to read it again from Versori, then retry/,
    );
    assert.deepEqual(emulator.mutatingRequestsSince(mark), []);
  });

  it('refresh reads every resource back by its id, computed outputs included', async () => {
    await program.refresh();
    const refreshed = ours(await program.exportState());
    assert.equal(refreshed.length, OURS);
    for (const { kind, outputs } of refreshed) {
      for (const key of NOT_RECORDED[kind] ?? []) assert.ok(key in outputs, `${kind} records ${key} again`);
    }
  });

  it('one changed input per kind updates each in place through this release', async () => {
    await program.up();
    const { resourceChanges } = await program.lastUpdate();
    assert.equal(resourceChanges.update, CHANGED);
    assert.equal(resourceChanges.create, undefined);
    assert.equal(resourceChanges.delete, undefined);
    assert.equal((await emulator.versions())['Every Kind CRM/1.0.0'].isDefault, true);
  });

  it('destroy leaves nothing on the platform', async () => {
    await program.destroy();
    assert.deepEqual(await emulator.counts(), { connectors: 0, authSchemeConfigs: 0, connections: 0 });
    assert.deepEqual(await emulator.versions(), {});
    assert.equal((await program.lastUpdate()).resourceChanges.delete, OURS + 1);
  });
});
