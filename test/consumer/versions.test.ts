// examples/versions as a user's program folder (packed tarball, npm, bare CLI): a connector version with definitions,
// actions and a trigger, published after all of them; a change to an action given a new version; the refusal of an
// in-place change to a published version; and a destroy that leaves the platform empty. Every step counts the
// requests it sent against bench/versions.ts (the benchmark checks the same): one per changed object, none on a
// no-change up.
import { strict as assert } from 'assert';
import * as path from 'path';
import type { ProgramFolder } from '../../scripts/program-folder';
import { countByOperation, operationOf } from '../../bench/requests';
import { EXPECTED_VERSION_REQUESTS, NEW_VERSION_CONFIG, VERSION_OPERATIONS } from '../../bench/versions';
import { EmulatorProcess, packedPackage, programAgainstEmulator, type LoggedRequest } from '../support/consumer';
import TOOLCHAINS from './toolchains.json';

const CONNECTOR = 'Example Catalog';
const CHILDREN = { definitions: ['order', 'product'], actions: ['create-order', 'get-product'], triggers: ['order-created'] };
/** Connector, version, 2 definitions, 2 actions, 1 trigger, the publication. */
const OURS = 8;
const ALL = OURS + 1; // and the stack

const OP = VERSION_OPERATIONS;

/** `METHOD /path/template` of each mutating request, in order. */
function mutations(requests: LoggedRequest[]): string[] {
  return requests.filter((r) => r.method !== 'GET').map(operationOf);
}

const mutatingCounts = (requests: LoggedRequest[]) => countByOperation(requests.filter((r) => r.method !== 'GET'));

describe('consumer: examples/versions, a connector version as code', function () {
  this.timeout(15 * 60_000);
  let emulator: EmulatorProcess;
  let program: ProgramFolder;

  before(async () => {
    ({ program, emulator } = await programAgainstEmulator({
      template: path.join('examples', 'versions'),
      dependencies: { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk },
      secrets: {},
    }));
  });
  after(async () => emulator?.stop());

  it('up creates the version and its children, then publishes it: one request per object', async () => {
    const mark = emulator.mark();
    await program.up();
    assert.deepEqual(await emulator.versions(), { [`${CONNECTOR}/1.0.0`]: { published: true, isDefault: true, ...CHILDREN } });
    assert.deepEqual(mutatingCounts(emulator.requestsSince(mark)), EXPECTED_VERSION_REQUESTS.up);
    const publish = mutations(emulator.requestsSince(mark)).indexOf(OP.publish);
    const lastChild = Math.max(...[OP.createAction, OP.createTrigger, OP.createDefinitions].map((op) => mutations(emulator.requestsSince(mark)).lastIndexOf(op)));
    assert.ok(publish > lastChild, 'publishing comes after every child');
    assert.equal((await program.lastUpdate()).resourceChanges.create, ALL);
  });

  it('a second up sends no request at all', async () => {
    const mark = emulator.mark();
    const { stdout } = await program.up();
    assert.match(stdout, new RegExp(`${ALL} unchanged`));
    assert.deepEqual(emulator.requestsSince(mark), []);
  });

  it('an in-place change to a published version\'s action previews as an update and is refused at apply, naming the way out', async () => {
    await program.setConfig('productPath', NEW_VERSION_CONFIG.productPath);
    try {
      const mark = emulator.mark();
      const { stdout } = await program.preview(['--diff']);
      assert.match(stdout, /~ pulumi-nodejs:dynamic\/versori:Action: \(update\)/);
      assert.match(stdout, /~ path\s*: "\/products\/\{\{ param\.id \}\}" => "\/v2\/products\/\{\{ param\.id \}\}"/);
      assert.deepEqual(mutations(emulator.requestsSince(mark)), [], 'a preview changes nothing');
      const failed = await program.up([], { allowFailure: true });
      assert.notEqual(failed.code, 0);
      assert.match(failed.stdout + failed.stderr, /published/);
      assert.match(failed.stdout + failed.stderr, /new version/);
      assert.deepEqual(mutations(emulator.requestsSince(mark)), [OP.updateAction], 'one refused request, nothing unpublished');
      assert.deepEqual(await emulator.versions(), { [`${CONNECTOR}/1.0.0`]: { published: true, isDefault: true, ...CHILDREN } });
    } finally {
      await program.removeConfig('productPath');
    }
  });

  it('the same change under a new version name replaces the version and its children, publishing 1.1.0 before 1.0.0 goes', async () => {
    await program.setPlainConfig(NEW_VERSION_CONFIG);
    const preview = await program.preview(['--diff']);
    assert.match(preview.stdout, /\+-\s*pulumi-nodejs:dynamic\/versori:ConnectorVersion: \(replace\)/);
    assert.match(preview.stdout, /\+-\s*pulumi-nodejs:dynamic\/versori:ConnectorVersionPublication: \(replace\)/);
    assert.match(preview.stdout, /~ name\s*: "1\.0\.0" => "1\.1\.0"/);
    const mark = emulator.mark();
    await program.up();
    assert.deepEqual(await emulator.versions(), { [`${CONNECTOR}/1.1.0`]: { published: true, isDefault: true, ...CHILDREN } });
    const sent = mutations(emulator.requestsSince(mark));
    assert.deepEqual(mutatingCounts(emulator.requestsSince(mark)), EXPECTED_VERSION_REQUESTS.newVersion);
    assert.ok(sent.indexOf(OP.publish) < sent.indexOf(OP.unpublish), 'the new version is published before the old one is withdrawn');
    const created = emulator.requestsSince(mark).filter((r) => operationOf(r) === OP.createAction);
    assert.ok(created.every((r) => r.path.includes('/versions/1.1.0/')), 'the actions were created in the new version');
  });

  it('refresh finds no drift and changes nothing', async () => {
    const mark = emulator.mark();
    await program.refresh();
    assert.equal((await program.lastUpdate()).resourceChanges.update, undefined, 'no drift');
    assert.deepEqual(mutations(emulator.requestsSince(mark)), []);
  });

  it('destroy unpublishes, deletes the children before the version, and leaves the platform empty', async () => {
    const mark = emulator.mark();
    await program.destroy();
    const sent = mutations(emulator.requestsSince(mark));
    assert.deepEqual(mutatingCounts(emulator.requestsSince(mark)), EXPECTED_VERSION_REQUESTS.destroy);
    assert.equal(sent[0], OP.unpublish);
    const lastChild = Math.max(...[OP.deleteAction, OP.deleteTrigger, OP.deleteDefinition].map((op) => sent.lastIndexOf(op)));
    assert.ok(lastChild < sent.indexOf(OP.deleteVersion), 'the children go before their version');
    assert.equal(sent.at(-1), OP.deleteConnector);
    assert.deepEqual(await emulator.versions(), {});
    assert.deepEqual(await emulator.counts(), { connectors: 0, authSchemeConfigs: 0, connections: 0 });
    assert.equal((await program.lastUpdate()).resourceChanges.delete, ALL);
  });
});
