import { strict as assert } from 'node:assert';
import type { VersoriClient } from '../../provider/client';
import { ConnectorVersionComputed, connectorVersionFields } from '../../provider/connector-version/inputs';
import { UNKNOWN } from '../../provider/diff';
import type { VersionAddress } from '../../provider/version-endpoints';
import { assertDocumented, documentedInputs } from '../support/docs';
import { createResource, expectRejection, Harness, providers, updateResource } from '../support/provider-harness';
import { sentOperations, useVersionSuite, versionAt } from '../support/version-harness';
import { assertRefreshRecovers, assertUpdateRefused, type OldStateCase } from '../support/old-state';

const version = providers.connectorVersion;

describe('provider/connector-version', () => {
  const suite = useVersionSuite();
  let h: Harness;
  let client: VersoriClient;
  let connectorId: string;
  beforeEach(() => ({ h, client, connectorId } = suite()));

  const at = (versionName: string): VersionAddress => ({ connectorId, versionName });

  it("docs/resources.md's input table lists every declared input, with its replace rule and secrecy", () => {
    assertDocumented('ConnectorVersion', connectorVersionFields);
    assert.deepEqual([...documentedInputs('ConnectorVersion').keys()].filter((key) => !(key in connectorVersionFields)), []);
  });

  describe('check', () => {
    it('refuses empty, "/" and reserved names, naming the field, without a request; "Latest" is a name', async () => {
      for (const [name, reason] of [['', /empty/], ['a/b', /"\/"/], ['latest', /reserved/], ['default', /reserved/]] as const) {
        const result = await version.check({}, { connectorId, name });
        assert.deepEqual((result.failures ?? []).map((f) => f.property), ['name'], name);
        assert.match(result.failures?.[0]?.reason ?? '', reason);
      }
      assert.deepEqual((await version.check({}, { connectorId, name: 'Latest' })).failures, []);
      assert.equal(h.requestCount(), 0);
    });

    it('names a bad connectorId, description and fromVersion, and an unknown property', async () => {
      const result = await version.check({}, { connectorId: 'nope', name: '1.0', description: 3, fromVersion: '', versionName: 'x' });
      const properties = (result.failures ?? []).map((f) => f.property || f.reason.slice(0, f.reason.indexOf(':'))).sort();
      assert.deepEqual(properties, ['connectorId', 'description', 'fromVersion', 'versionName']);
    });

    it('accepts values that are unknown during preview, and upper-cases the connector id', async () => {
      assert.deepEqual((await version.check({}, { connectorId: UNKNOWN, name: UNKNOWN })).failures, []);
      const checked = await version.check({}, { connectorId: connectorId.toLowerCase(), name: '1.0' });
      assert.equal(checked.inputs?.connectorId, connectorId);
    });
  });

  describe('diff', () => {
    const olds = { connectorId: '01HF3Z6Q8W9V2T5K7M4N0PXYZA', name: '1.0', description: 'first', versionId: '01HF3Z6Q8W9V2T5K7M4N0PXYZB', createdAt: 'x' };
    const inputs = { connectorId: olds.connectorId, name: '1.0', description: 'first' };

    it('replaces on a new name or connector, without deleting first', async () => {
      const renamed = await version.diff('id', olds, { ...inputs, name: '2.0' });
      assert.deepEqual([renamed.replaces, renamed.deleteBeforeReplace], [['name'], false]);
      const moved = await version.diff('id', olds, { ...inputs, connectorId: '01HF3Z6Q8W9V2T5K7M4N0PXYZC' });
      assert.deepEqual(moved.replaces, ['connectorId']);
    });

    it('updates the description in place; absent equals ""', async () => {
      const changed = await version.diff('id', olds, { ...inputs, description: 'second' });
      assert.deepEqual([changed.replaces, changed.detailedDiff], [[], { description: 'update' }]);
      const none = await version.diff('id', { ...olds, description: '' }, { connectorId: olds.connectorId, name: '1.0' });
      assert.equal(none.changes, false);
    });

    it('never plans a change for fromVersion (a creation-time seed)', async () => {
      const diff = await version.diff('id', { ...olds, fromVersion: '0.9' }, { ...inputs, fromVersion: '0.8' });
      assert.deepEqual([diff.changes, diff.replaces], [false, []]);
      const removed = await version.diff('id', { ...olds, fromVersion: '0.9' }, inputs);
      assert.equal(removed.changes, false);
    });
  });

  describe('create', () => {
    it('creates a draft with one POST; id <connectorId>/<name>; outputs the version id and createdAt', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '1.0' });
      assert.deepEqual(sentOperations(h), ['CreateConnectorVersion']);
      assert.equal(created.id, `${connectorId}/1.0`);
      const held = await versionAt(client, at('1.0'));
      assert.deepEqual([held.publishedAt, held.description], [null, undefined]);
      assert.deepEqual(created.outs, { connectorId, name: '1.0', versionId: held.id, createdAt: held.createdAt });
    });

    it('sets a description with a PUT after the POST', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '1.1', description: 'What changed' });
      assert.deepEqual(sentOperations(h), ['CreateConnectorVersion', 'UpdateConnectorVersion']);
      assert.equal((await versionAt(client, at('1.1'))).description, 'What changed');
      assert.equal(created.outs.description, 'What changed');
    });

    it('copies another version with fromVersion, sent on the POST only', async () => {
      await client.versions.createVersion(connectorId, { name: 'base' }, 'v');
      const schema = { contentType: 'application/schema+json', content: '{"type":"object"}' };
      await client.versions.createDefinitions(at('base'), { definitions: [{ name: 'product', accept: ['application/json'], schema }] }, 'd');
      const created = await createResource('connectorVersion', { connectorId, name: 'copy', fromVersion: 'base' });
      assert.deepEqual(sentOperations(h), ['CreateConnectorVersion']);
      const copied = await client.versions.listDefinitions(at('copy'), {}, 'd');
      assert.deepEqual(copied.definitions.map((d) => d.name), ['product']);
      assert.equal(created.outs.fromVersion, 'base');
    });

    it('fails on a duplicate name (409) and on an unknown fromVersion (400), naming them', async () => {
      await createResource('connectorVersion', { connectorId, name: 'dup' });
      await expectRejection(version.create({ connectorId, name: 'dup' }), /"dup" already exists in connector .*\(409: .*choose another name/);
      await expectRejection(version.create({ connectorId, name: 'new', fromVersion: 'missing' }), /fromVersion: names no version/);
    });
  });

  describe('update', () => {
    it('changes the description with a GET and a PUT of the whole version; removing it clears it', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '2.0', description: 'a' });
      h.resetRequests();
      const updated = await updateResource('connectorVersion', created.id, created, { connectorId, name: '2.0', description: 'b' });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion', 'UpdateConnectorVersion']);
      assert.equal((await versionAt(client, at('2.0'))).description, 'b');
      assert.equal(updated.outs.description, 'b');
      assert.equal(updated.outs.versionId, created.outs.versionId);
      await updateResource('connectorVersion', created.id, updated, { connectorId, name: '2.0' });
      assert.equal((await versionAt(client, at('2.0'))).description, undefined);
    });

    it('sends nothing when only fromVersion changed, and records it', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '2.1' });
      h.resetRequests();
      const outs = (await version.update(created.id, created.outs, { connectorId, name: '2.1', fromVersion: 'x' })).outs;
      assert.deepEqual(sentOperations(h), []);
      assert.equal(outs?.fromVersion, 'x');
      assert.equal(outs?.versionId, created.outs.versionId);
    });

    it('refuses a description change on a published version, saying to remove the publication, after one GET', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '2.2', description: 'a' });
      await client.versions.publish(at('2.2'), 'v');
      h.resetRequests();
      await expectRejection(
        version.update(created.id, created.outs, { connectorId, name: '2.2', description: 'b' }),
        /ConnectorVersion "2\.2" of connector .* is published, so its description cannot change\. Remove \(or destroy\) its ConnectorVersionPublication/,
      );
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion']);
      assert.equal((await versionAt(client, at('2.2'))).description, 'a');
    });
  });

  describe('read', () => {
    it('refresh records a description changed behind its back, keeping fromVersion', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '3.0', description: 'a', fromVersion: undefined });
      const held = await versionAt(client, at('3.0'));
      await client.versions.updateVersion(at('3.0'), { ...held, description: 'edited' }, 'v');
      h.resetRequests();
      const read = await version.read(created.id, { ...created.outs, fromVersion: 'old' });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion']);
      assert.deepEqual(read.inputs, { connectorId, name: '3.0', description: 'edited', fromVersion: 'old' });
      assert.equal(read.props?.versionId, held.id);
      const diff = await version.diff(created.id, read.props ?? {}, created.inputs);
      assert.deepEqual(diff.detailedDiff, { description: 'update' });
    });

    it('reports no drift when nothing changed, even after publishing (publishedAt is not an output)', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '3.1' });
      await client.versions.publish(at('3.1'), 'v');
      const read = await version.read(created.id, created.outs);
      assert.deepEqual(read.props, created.outs);
      assert.equal((await version.diff(created.id, read.props ?? {}, created.inputs)).changes, false);
    });

    it('returns an empty id when the version was deleted behind its back', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '3.2' });
      await client.versions.deleteVersion(at('3.2'), false, 'v');
      assert.equal((await version.read(created.id, created.outs)).id, '');
    });

    it('imports: inputs from the platform', async () => {
      await createResource('connectorVersion', { connectorId, name: '3.3', description: 'd' });
      const read = await version.read(`${connectorId}/3.3`);
      assert.deepEqual(read.inputs, { connectorId, name: '3.3', description: 'd' });
    });
  });

  describe('adoption (adopt, what the import option sets)', () => {
    /** A version made outside Pulumi, with a description. */
    async function outside(name: string, description: string): Promise<string> {
      const made = await client.versions.createVersion(connectorId, { name }, 'v');
      await client.versions.updateVersion(at(name), { ...made, description }, 'v');
      h.resetRequests();
      return made.id;
    }
    it('adopts an identical version with one GET and no write; the diff never shows adopt', async () => {
      const versionId = await outside('5.0', 'as is');
      const adopted = await createResource('connectorVersion', { connectorId, name: '5.0', description: 'as is', adopt: true });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion']);
      assert.deepEqual([adopted.id, adopted.outs.versionId, adopted.outs.description], [`${connectorId}/5.0`, versionId, 'as is']);
      assert.equal((await version.diff(adopted.id, adopted.outs, { connectorId, name: '5.0', description: 'as is' })).changes, false);
      assert.equal((await version.diff(adopted.id, adopted.outs, { ...adopted.inputs, adopt: false })).changes, false);
    });

    it('brings a different description to the declared one with one PUT, never a POST (fromVersion is not used)', async () => {
      await outside('5.1', 'old');
      await createResource('connectorVersion', { connectorId, name: '5.1', description: 'new', fromVersion: '5.0', adopt: true });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion', 'UpdateConnectorVersion']);
      assert.equal((await versionAt(client, at('5.1'))).description, 'new');
    });

    it("adopts a published version as it is, and refuses to change a published version's description", async () => {
      await outside('5.2', 'frozen');
      await client.versions.publish(at('5.2'), 'v');
      await createResource('connectorVersion', { connectorId, name: '5.2', description: 'frozen', adopt: true });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion']);
      await expectRejection(
        createResource('connectorVersion', { connectorId, name: '5.2', description: 'thawed', adopt: true }),
        /ConnectorVersion "5\.2" of connector \w+ is published, so its description cannot change to the declared one\. Remove/,
      );
      assert.equal((await versionAt(client, at('5.2'))).description, 'frozen');
    });

    it('says there is nothing to adopt when no version has that name', async () => {
      await expectRejection(
        createResource('connectorVersion', { connectorId, name: '5.9', adopt: true }),
        new RegExp(`ConnectorVersion "5\\.9": there is no version "5\\.9" of connector ${connectorId} to adopt`),
      );
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion']);
    });
  });

  describe('delete', () => {
    it('deletes a draft with one DELETE (no force), and treats a version already gone as deleted', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '4.0' });
      h.resetRequests();
      await version.delete(created.id, created.outs);
      assert.deepEqual(sentOperations(h), ['DeleteConnectorVersion']);
      assert.doesNotMatch(h.requests.join('\n'), /force/);
      await version.delete(created.id, created.outs);
      await expectRejection(versionAt(client, at('4.0')), /not found/);
    });

    it('refuses a published version (409), saying to remove its ConnectorVersionPublication first', async () => {
      const created = await createResource('connectorVersion', { connectorId, name: '4.1' });
      await client.versions.publish(at('4.1'), 'v');
      const error = await expectRejection(version.delete(created.id, created.outs), /is published.*409.*Remove \(or destroy\) its ConnectorVersionPublication first/);
      assert.doesNotMatch(error.message, /forceDelete/);
      assert.notEqual((await versionAt(client, at('4.1'))).publishedAt, null);
    });
  });

  it('a state another release wrote: an update names the computed output it lacks (or holds of another type) and sends nothing; a refresh restores it', async () => {
    const created = await createResource('connectorVersion', { connectorId, name: '9.0', description: 'old state' });
    const c: OldStateCase = {
      kind: 'connectorVersion',
      kindName: 'ConnectorVersion',
      computed: ConnectorVersionComputed,
      id: created.id,
      outs: created.outs,
      news: { ...created.inputs, description: 'old state, described anew' },
      wrongTypes: { versionId: 1, createdAt: {} },
    };
    await assertUpdateRefused(h, c);
    await assertRefreshRecovers(h, c);
  });
});
