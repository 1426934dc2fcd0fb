import { strict as assert } from 'node:assert';
import type { VersoriClient } from '../../provider/client';
import { ConnectorVersionPublicationComputed, connectorVersionPublicationFields } from '../../provider/connector-version-publication/inputs';
import { putVersion } from '../../provider/connector-version/shared';
import type { VersionAddress } from '../../provider/version-endpoints';
import { assertDocumented, documentedInputs } from '../support/docs';
import { createResource, expectRejection, Harness, providers, updateResource } from '../support/provider-harness';
import { actionBody, sentOperations, setSubscriptions, useVersionSuite, versionAt } from '../support/version-harness';
import { assertRefreshRecovers, assertUpdateRefused, type OldStateCase } from '../support/old-state';

const publication = providers.connectorVersionPublication;

describe('provider/connector-version-publication', () => {
  const suite = useVersionSuite();
  let h: Harness;
  let client: VersoriClient;
  let connectorId: string;
  beforeEach(() => ({ h, client, connectorId } = suite()));

  const at = (versionName: string): VersionAddress => ({ connectorId, versionName });

  /** A draft made through the ConnectorVersion resource, as a program would. */
  async function draft(name: string): Promise<VersionAddress> {
    await createResource('connectorVersion', { connectorId, name });
    h.resetRequests();
    return at(name);
  }

  it("docs/resources.md's input table lists every declared input, with its replace rule and secrecy", () => {
    assertDocumented('ConnectorVersionPublication', connectorVersionPublicationFields);
    const documented = [...documentedInputs('ConnectorVersionPublication').keys()];
    assert.deepEqual(documented.filter((key) => !(key in connectorVersionPublicationFields)), []);
  });

  describe('check and diff', () => {
    it('names bad inputs, without a request', async () => {
      const result = await publication.check({}, { connectorId: 'x', versionName: 'latest', isDefault: 'yes' });
      assert.deepEqual((result.failures ?? []).map((f) => f.property).sort(), ['connectorId', 'isDefault', 'versionName']);
      assert.equal(h.requestCount(), 0);
    });

    it('replaces on another version or connector; isDefault is in place and absent means false', async () => {
      const olds = { connectorId: '01HF3Z6Q8W9V2T5K7M4N0PXYZA', versionName: '1.0', publishedAt: 'x', messages: [] };
      const inputs = { connectorId: olds.connectorId, versionName: '1.0' };
      assert.deepEqual((await publication.diff('id', olds, { ...inputs, versionName: '2.0' })).replaces, ['versionName']);
      assert.deepEqual((await publication.diff('id', olds, { ...inputs, connectorId: '01HF3Z6Q8W9V2T5K7M4N0PXYZC' })).replaces, ['connectorId']);
      const isDefault = await publication.diff('id', olds, { ...inputs, isDefault: true });
      assert.deepEqual([isDefault.replaces, isDefault.detailedDiff], [[], { isDefault: 'update' }]);
      assert.equal((await publication.diff('id', { ...olds, isDefault: false }, inputs)).changes, false);
    });
  });

  describe('create', () => {
    it('publishes with one POST; outputs publishedAt and no messages', async () => {
      const v = await draft('1.0');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '1.0' });
      assert.deepEqual(sentOperations(h), ['PublishConnector']);
      assert.equal(created.id, `${connectorId}/1.0`);
      const held = await versionAt(client, v);
      assert.deepEqual([held.publishedAt, held.isLatest, held.isDefault], [created.outs.publishedAt, true, false]);
      assert.deepEqual(created.outs.messages, []);
      assert.equal(created.outs.versionId, held.id);
    });

    it('a version PUT whose copy went stale (another version published in between) reads it again and repeats', async () => {
      const first = await draft('2.0');
      const second = await draft('2.1');
      const copy = await client.versions.publish(first, 'v');
      await client.versions.publish(second, 'v');
      assert.equal((await versionAt(client, first)).isLatest, false, 'the copy is stale');
      const updated = await putVersion(client, first, copy, { isDefault: true }, 'ConnectorVersionPublication "2.0"');
      assert.deepEqual([updated.isDefault, updated.isLatest], [true, false]);
    });

    it('makes the version the default with a PUT after the publish', async () => {
      const v = await draft('1.1');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '1.1', isDefault: true });
      assert.deepEqual(sentOperations(h), ['PublishConnector', 'UpdateConnectorVersion']);
      assert.equal((await versionAt(client, v)).isDefault, true);
      assert.equal(created.outs.isDefault, true);
    });

    it("outputs the platform's warnings", async () => {
      const v = await draft('1.2');
      const unusedParameter = [{ name: 'id', in: 'path' as const, required: true, type: 'string' as const }];
      await client.versions.actions.create(v, actionBody('warns', { parameters: unusedParameter }), 'a');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '1.2' });
      assert.deepEqual(created.outs.messages, [{ text: 'actions.warns/parameters/0: path parameter id is not used in path', severity: 'warning' }]);
    });

    it('is blocked by an action with an error: the error names each field, and the version stays a draft', async () => {
      const v = await draft('1.3');
      await client.versions.actions.create(v, actionBody('get-product', { responses: [] }), 'a');
      const error = await expectRejection(
        publication.create({ connectorId, versionName: '1.3' }),
        /refused to publish version "1\.3".*\(400: .*\):\n {2}actions\.get-product\/responses: .+\nFix these in the version's actions, triggers or definitions/,
      );
      assert.doesNotMatch(error.message, /undefined/);
      assert.equal((await versionAt(client, v)).publishedAt, null);
    });

    it('says so when the version is already published (409)', async () => {
      const v = await draft('1.4');
      await client.versions.publish(v, 'v');
      await expectRejection(publication.create({ connectorId, versionName: '1.4' }), /"1\.4" of connector .* is already published \(409/);
    });
  });

  describe('adoption (adopt, what the import option sets)', () => {
    it('publishes a draft it adopts: one GET and the publish', async () => {
      await client.versions.createVersion(connectorId, { name: '1.5' }, 'v');
      h.resetRequests();
      const adopted = await createResource('connectorVersionPublication', { connectorId, versionName: '1.5', adopt: true });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion', 'PublishConnector']);
      assert.equal(adopted.outs.publishedAt, (await versionAt(client, at('1.5'))).publishedAt);
    });

    it('adopts a published version as it is (no write); the diff never shows adopt', async () => {
      await client.versions.createVersion(connectorId, { name: '1.6' }, 'v');
      await client.versions.publish(at('1.6'), 'v');
      const held = await versionAt(client, at('1.6'));
      h.resetRequests();
      const adopted = await createResource('connectorVersionPublication', { connectorId, versionName: '1.6', adopt: true });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion']);
      assert.deepEqual([adopted.id, adopted.outs.versionId, adopted.outs.publishedAt, adopted.outs.messages], [`${connectorId}/1.6`, held.id, held.publishedAt, []]);
      assert.equal((await publication.diff(adopted.id, adopted.outs, { connectorId, versionName: '1.6' })).changes, false);
      assert.equal((await versionAt(client, at('1.6'))).isDefault, false);
    });

    it('sets a different isDefault with one PUT', async () => {
      await client.versions.createVersion(connectorId, { name: '1.7' }, 'v');
      await client.versions.publish(at('1.7'), 'v');
      h.resetRequests();
      await createResource('connectorVersionPublication', { connectorId, versionName: '1.7', isDefault: true, adopt: true });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion', 'UpdateConnectorVersion']);
      assert.equal((await versionAt(client, at('1.7'))).isDefault, true);
    });

    it('says there is nothing to adopt when no version has that name', async () => {
      await expectRejection(
        createResource('connectorVersionPublication', { connectorId, versionName: '1.9', adopt: true }),
        /ConnectorVersionPublication "1\.9": there is no version "1\.9" of connector \w+ to adopt the publication of/,
      );
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion']);
    });
  });

  describe('read', () => {
    it('is gone when the version was unpublished or deleted behind its back', async () => {
      const v = await draft('2.0');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '2.0' });
      await client.versions.unpublish(v, 'v');
      assert.equal((await publication.read(created.id, created.outs)).id, '');
      await client.versions.deleteVersion(v, false, 'v');
      assert.equal((await publication.read(created.id, created.outs)).id, '');
    });

    it('records isDefault changed behind its back, and keeps the messages of the publish', async () => {
      const v = await draft('2.1');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '2.1' });
      await client.versions.updateVersion(v, { ...(await versionAt(client, v)), isDefault: true }, 'v');
      h.resetRequests();
      const read = await publication.read(created.id, created.outs);
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion']);
      assert.deepEqual(read.inputs, { connectorId, versionName: '2.1', isDefault: true });
      assert.deepEqual([read.props?.publishedAt, read.props?.messages], [created.outs.publishedAt, []]);
      const diff = await publication.diff(created.id, read.props ?? {}, created.inputs);
      assert.deepEqual(diff.detailedDiff, { isDefault: 'update' });
    });
  });

  describe('update', () => {
    it('sets and clears isDefault with a GET and a PUT each', async () => {
      const v = await draft('3.0');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '3.0' });
      h.resetRequests();
      const set = await updateResource('connectorVersionPublication', created.id, created, { connectorId, versionName: '3.0', isDefault: true });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion', 'UpdateConnectorVersion']);
      assert.equal((await versionAt(client, v)).isDefault, true);
      assert.equal(set.outs.publishedAt, created.outs.publishedAt);
      h.resetRequests();
      await updateResource('connectorVersionPublication', created.id, set, { connectorId, versionName: '3.0' });
      assert.deepEqual(sentOperations(h), ['GetConnectorVersion', 'UpdateConnectorVersion']);
      assert.equal((await versionAt(client, v)).isDefault, false);
    });

    it('refuses when the version is no longer published, saying to refresh', async () => {
      const v = await draft('3.1');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '3.1' });
      await client.versions.unpublish(v, 'v');
      await expectRejection(publication.update(created.id, created.outs, { ...created.inputs, isDefault: true }), /no longer published.*pulumi refresh/);
    });
  });

  describe('delete', () => {
    it('unpublishes with one POST, after which the version is a draft that can be deleted', async () => {
      const v = await draft('4.0');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '4.0', isDefault: true });
      h.resetRequests();
      await publication.delete(created.id, created.outs);
      assert.deepEqual(sentOperations(h), ['UnpublishConnector']);
      const held = await versionAt(client, v);
      assert.deepEqual([held.publishedAt, held.isDefault, held.isLatest], [null, false, false]);
      await providers.connectorVersion.delete(`${connectorId}/4.0`, {});
    });

    it('is refused while other products subscribe (409): says so, and nothing changes', async () => {
      const v = await draft('4.1');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '4.1' });
      await setSubscriptions(h, v, 1);
      await expectRejection(publication.delete(created.id, created.outs), /has subscriptions in other Versori products.*nothing was changed/);
      assert.equal((await versionAt(client, v)).publishedAt, created.outs.publishedAt);
      await setSubscriptions(h, v, 0);
      await publication.delete(created.id, created.outs);
      assert.equal((await versionAt(client, v)).publishedAt, null);
    });

    it('treats a version already unpublished or deleted as done', async () => {
      const v = await draft('4.2');
      const created = await createResource('connectorVersionPublication', { connectorId, versionName: '4.2' });
      await client.versions.unpublish(v, 'v');
      h.resetRequests();
      await publication.delete(created.id, created.outs);
      assert.deepEqual(sentOperations(h), ['UnpublishConnector', 'GetConnectorVersion']);
      await client.versions.deleteVersion(v, false, 'v');
      await publication.delete(created.id, created.outs);
    });
  });

  it('a version with an action, published after it, unpublished and deleted in the reverse order', async () => {
    const version = await createResource('connectorVersion', { connectorId, name: '5.0', description: 'first' });
    await client.versions.actions.create(at('5.0'), actionBody('list-products'), 'a');
    const published = await createResource('connectorVersionPublication', { connectorId, versionName: '5.0', isDefault: true });
    const frozen = await expectRejection(client.versions.actions.remove(at('5.0'), 'list-products', 'a'), /\(409\)/);
    assert.match(frozen.message, /published/);
    await publication.delete(published.id, published.outs);
    await client.versions.actions.remove(at('5.0'), 'list-products', 'a');
    await providers.connectorVersion.delete(version.id, version.outs);
    await expectRejection(versionAt(client, at('5.0')), /not found/);
  });

  it('a state another release wrote: an update names the computed output it lacks (or holds of another type) and sends nothing; a refresh restores it', async () => {
    await draft('9.0');
    const created = await createResource('connectorVersionPublication', { connectorId, versionName: '9.0' });
    const c: OldStateCase = {
      kind: 'connectorVersionPublication',
      kindName: 'ConnectorVersionPublication',
      computed: ConnectorVersionPublicationComputed,
      id: created.id,
      outs: created.outs,
      news: { ...created.inputs, isDefault: true },
      wrongTypes: { messages: 'none', publishedAt: 5 },
    };
    await assertUpdateRefused(h, c);
    await assertRefreshRecovers(h, c);
  });
});
