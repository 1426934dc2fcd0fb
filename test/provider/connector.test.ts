import { strict as assert } from 'node:assert';
import { Connector as ApiConnector } from '../../api/schemas';
import { ConnectorComputed, connectorFields } from '../../provider/connector/inputs';
import { assertDocumented, documentedInputs } from '../support/docs';
import { createConnector, createResource, expectRejection, Harness, providers, startHarness, updateResource } from '../support/provider-harness';
import { assertRefreshRecovers, assertUpdateRefused, type OldStateCase } from '../support/old-state';
import { sentOperations } from '../support/version-harness';

const connector = providers.connector;

describe('provider/connector', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.stop();
  });
  beforeEach(() => {
    h.setFaults(null);
    h.resetRequests();
  });

  async function platform(id: string): Promise<ApiConnector> {
    const res = await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors/${id}`, {
      headers: { Authorization: `Bearer ${h.emulator.token}` },
    });
    assert.equal(res.status, 200);
    return ApiConnector.parse(await res.json());
  }

  it("docs/resources.md's input table lists every declared input, with its replace rule and secrecy", () => {
    assertDocumented('Connector', connectorFields);
    assert.deepEqual([...documentedInputs('Connector').keys()].filter((key) => !(key in connectorFields)), []);
  });

  describe('check', () => {
    it('accepts a minimal http connector without sending a request', async () => {
      const result = await connector.check({}, { name: 'crm', baseUrl: 'https://api.example.com', __provider: 'x' });
      assert.deepEqual(result.failures, []);
      assert.equal(h.requestCount(), 0);
    });

    it('names the property of each failure', async () => {
      const result = await connector.check({}, { name: '', baseUrl: 'ftp://example.com', public: 'yes', tags: { a: 1 } });
      const properties = (result.failures ?? []).map((f) => f.property).sort();
      assert.deepEqual(properties, ['baseUrl', 'name', 'public', 'tags.a']);
      assert.equal(h.requestCount(), 0);
    });

    it('hands a name on exactly as written, outer spaces included (create sends it so), and refuses only a blank one', async () => {
      const spaced = await connector.check({}, { name: '  crm ', baseUrl: 'https://api.example.com' });
      assert.deepEqual([spaced.failures, spaced.inputs?.name], [[], '  crm ']);
      const created = await createConnector('  crm ');
      assert.equal((await platform(created.id)).name, '  crm ');
      const blank = await connector.check({}, { name: ' \t ', baseUrl: 'https://api.example.com' });
      assert.deepEqual(blank.failures?.map((f) => [f.property, f.reason]), [['name', 'must not be empty']]);
    });

    it('refuses a plain-http base URL that is not loopback, and accepts loopback', async () => {
      const bad = await connector.check({}, { name: 'crm', baseUrl: 'http://api.example.com' });
      assert.equal(bad.failures?.[0]?.property, 'baseUrl');
      assert.match(bad.failures?.[0]?.reason ?? '', /https/);
      const good = await connector.check({}, { name: 'crm', baseUrl: 'http://127.0.0.1:8080' });
      assert.deepEqual(good.failures, []);
    });

    it('requires baseUrl for http, datasetId for bigquery, and rejects unknown properties', async () => {
      const http = await connector.check({}, { name: 'crm' });
      assert.deepEqual(http.failures, [{ property: 'baseUrl', reason: 'required for protocol "http"' }]);
      const bq = await connector.check({}, { name: 'bq', protocol: 'bigquery', baseUrl: 'https://x.example.com' });
      assert.deepEqual((bq.failures ?? []).map((f) => f.property).sort(), ['baseUrl', 'datasetId']);
      const typo = await connector.check({}, { name: 'crm', baseUrl: 'https://a.example.com', baseURL: 'x' });
      // A top-level unknown property is named in the reason, so that the engine does not print its value.
      assert.deepEqual(typo.failures, [{ property: '', reason: 'baseURL: unknown property "baseURL"; did you mean "baseUrl"?' }]);
    });

    it('rejects duplicate connection variable names', async () => {
      const result = await connector.check(
        {},
        { name: 'crm', baseUrl: 'https://a.example.com', connectionVariables: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] },
      );
      assert.equal(result.failures?.[0]?.property, 'connectionVariables[1].name');
      assert.match(result.failures?.[0]?.reason ?? '', /duplicate/);
    });

    it('accepts values that are unknown during preview', async () => {
      const unknown = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
      const result = await connector.check({}, { name: unknown, baseUrl: unknown, protocol: unknown, tags: unknown });
      assert.deepEqual(result.failures, []);
    });
  });

  describe('create', () => {
    it('creates an http connector with one POST carrying empty configs and connections', async () => {
      const created = await createConnector('crm-create', { public: true, tags: { team: 'a' } });
      assert.equal(h.requestCount(), 1);
      assert.match(h.requests[0], /POST .*\/protocols\/http\/connectors/);
      const held = await platform(created.id);
      assert.equal(held.name, 'crm-create');
      assert.equal(held.public, true);
      assert.deepEqual(held.tags, { team: 'a' });
      assert.deepEqual(held.authSchemeConfigs, []);
      assert.equal(created.outs.connectorId, created.id);
      assert.equal(created.outs.organisationId, h.emulator.organisationId);
      assert.equal(typeof created.outs.createdAt, 'string');
      assert.equal(created.outs.public, true);
      assert.equal(created.outs.protocol, undefined, 'outputs hold the inputs exactly as applied');
    });

    it('sets documentationURL and imageURL with a follow-up PUT', async () => {
      const created = await createConnector('crm-docs', {
        documentationURL: 'https://docs.example.com',
        imageURL: 'https://img.example.com/logo.png',
      });
      assert.equal(h.requestCount(), 2);
      assert.match(h.requests.filter((l) => / \//.test(l))[1], /PUT /);
      const held = await platform(created.id);
      assert.equal(held.documentationURL, 'https://docs.example.com');
      assert.equal(held.imageURL, 'https://img.example.com/logo.png');
    });

    it('creates a bigquery connector', async () => {
      const created = await createResource('connector', { name: 'warehouse', protocol: 'bigquery', datasetId: 'my-project.data' });
      const held = await platform(created.id);
      assert.equal(held.protocol, 'bigquery');
      assert.equal(held.protocol === 'bigquery' && held.datasetId, 'my-project.data');
      assert.equal(created.outs.datasetId, 'my-project.data');
    });
  });

  describe('diff and update', () => {
    it('reports no change for identical inputs', async () => {
      const created = await createConnector('crm-same', { tags: { a: 'b' } });
      const diff = await connector.diff(created.id, created.outs, created.inputs);
      assert.equal(diff.changes, false);
      assert.equal(h.requestCount(), 1);
    });

    it('updates name, baseUrl and tags with a single full PUT that leaves connectionVariables out', async () => {
      const created = await createConnector('crm-upd', { connectionVariables: [{ name: 'region', value: 'eu' }] });
      h.resetRequests();
      const updated = await updateResource('connector', created.id, created, {
        name: 'crm-upd-2',
        baseUrl: 'https://api2.example.com',
        tags: { env: 'prod' },
        connectionVariables: [{ name: 'region', value: 'eu' }],
      });
      assert.deepEqual(Object.keys(updated.diff.detailedDiff).sort(), ['baseUrl', 'name', 'tags']);
      assert.equal(h.requestCount(), 1);
      const held = await platform(created.id);
      assert.equal(held.name, 'crm-upd-2');
      assert.equal(held.protocol === 'http' && held.baseUrl, 'https://api2.example.com');
      assert.deepEqual(held.tags, { env: 'prod' });
      assert.deepEqual(held.connectionVariables, [{ name: 'region', value: 'eu' }]);
      assert.equal(updated.outs.name, 'crm-upd-2');
    });

    it('sends connectionVariables when they changed', async () => {
      const created = await createConnector('crm-vars', { connectionVariables: [{ name: 'region', value: 'eu' }] });
      const updated = await updateResource('connector', created.id, created, {
        ...created.inputs,
        connectionVariables: [{ name: 'region', value: 'us' }],
      });
      assert.deepEqual(updated.diff.detailedDiff, { connectionVariables: 'update' });
      assert.deepEqual((await platform(created.id)).connectionVariables, [{ name: 'region', value: 'us' }]);
    });

    it('unsets documentationURL when it is removed (PUT replaces)', async () => {
      const created = await createConnector('crm-unset', { documentationURL: 'https://docs.example.com' });
      const { documentationURL: _removed, ...rest } = created.inputs;
      const updated = await updateResource('connector', created.id, created, rest);
      assert.deepEqual(updated.diff.detailedDiff, { documentationURL: 'delete' });
      assert.equal((await platform(created.id)).documentationURL, undefined);
    });

    it('replaces on a protocol change', async () => {
      const created = await createConnector('crm-proto');
      const diff = await connector.diff(created.id, created.outs, { name: 'crm-proto', protocol: 'bigquery', datasetId: 'my-project.d' });
      assert.deepEqual(diff.replaces, ['protocol']);
      assert.equal(diff.detailedDiff.protocol, 'update-replace');
      assert.equal(diff.deleteBeforeReplace, false);
    });

    it('changing only forceDelete sends no request', async () => {
      const created = await createConnector('crm-force');
      h.resetRequests();
      const updated = await updateResource('connector', created.id, created, { ...created.inputs, forceDelete: true });
      assert.equal(updated.outs.forceDelete, true);
      assert.equal(h.requestCount(), 0);
    });

    it('does not treat an absent public/tags as a change from their defaults', async () => {
      const created = await createConnector('crm-defaults');
      assert.equal(created.outs.public, undefined);
      // As a refresh records them when the platform holds the defaults.
      const olds = { ...created.outs, public: false, tags: {} };
      const diff = await connector.diff(created.id, olds, { name: 'crm-defaults', baseUrl: 'https://api.example.com' });
      assert.equal(diff.changes, false);
    });
  });

  describe('read', () => {
    it('refresh reports an out-of-band change and keeps unmanaged fields quiet', async () => {
      const created = await createConnector('crm-read');
      const held = await platform(created.id);
      await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors/${created.id}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${h.emulator.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: held.id, organisationId: held.organisationId, name: 'renamed', protocol: 'http', baseUrl: 'https://api.example.com' }),
      });
      const read = await connector.read(created.id, created.outs);
      assert.equal(read.id, created.id);
      assert.equal(read.props?.name, 'renamed');
      // The drift is recorded in the inputs too, so that the engine's own comparison of inputs (which renders the
      // next preview) shows it; what the program does not manage stays out of them.
      assert.deepEqual(read.inputs, { ...created.inputs, name: 'renamed' });
      const diff = await connector.diff(created.id, read.props ?? {}, created.inputs);
      assert.deepEqual(diff.detailedDiff, { name: 'update' });
      assert.equal(diff.changes, undefined, 'the engine renders the inputs that changed');
    });

    it('returns an empty id when the connector is gone', async () => {
      const created = await createConnector('crm-gone');
      await connector.delete(created.id, created.outs);
      const read = await connector.read(created.id, created.outs);
      assert.equal(read.id, '');
    });

    it('imports: returns inputs that diff cleanly against an equivalent program', async () => {
      const created = await createConnector('crm-import', { tags: { a: 'b' }, documentationURL: 'https://docs.example.com' });
      const read = await connector.read(created.id, {});
      assert.deepEqual(read.inputs, {
        name: 'crm-import',
        protocol: 'http',
        baseUrl: 'https://api.example.com',
        documentationURL: 'https://docs.example.com',
        tags: { a: 'b' },
      });
      const program = { name: 'crm-import', baseUrl: 'https://api.example.com', documentationURL: 'https://docs.example.com', tags: { a: 'b' } };
      const diff = await connector.diff(created.id, read.props ?? {}, program);
      assert.equal(diff.changes, false);
    });
  });

  describe('adoption (adoptId)', () => {
    async function rawCreate(name: string): Promise<string> {
      const res = await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/protocols/http/connectors`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${h.emulator.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, baseUrl: 'https://old.example.com', authSchemeConfigs: [], connections: [] }),
      });
      return ((await res.json()) as { id: string }).id;
    }

    it('adopts an existing connector and brings it to the declared inputs without creating one', async () => {
      const existingId = await rawCreate('outside');
      h.resetRequests();
      const adopted = await createResource('connector', { name: 'outside', baseUrl: 'https://new.example.com', tags: { a: 'b' }, adoptId: existingId });
      assert.equal(adopted.id, existingId);
      assert.ok(!h.requests.some((l) => /POST /.test(l)), 'no create request');
      const held = await platform(existingId);
      assert.equal(held.protocol === 'http' && held.baseUrl, 'https://new.example.com');
      assert.deepEqual(held.tags, { a: 'b' });
      assert.equal((await connector.diff(adopted.id, adopted.outs, adopted.inputs)).changes, false);
    });

    it('adopts a connector whose name has outer spaces under that name: the read alone when identical, one PUT when the name differs', async () => {
      const spacedId = await rawCreate('  spaced crm ');
      h.resetRequests();
      const same = await createResource('connector', { name: '  spaced crm ', baseUrl: 'https://old.example.com', adoptId: spacedId });
      assert.deepEqual(sentOperations(h), ['GetConnector'], 'no PUT, POST or DELETE');
      assert.equal((await platform(spacedId)).name, '  spaced crm ');
      assert.equal(same.outs.name, '  spaced crm ');
      const otherId = await rawCreate('spaced');
      h.resetRequests();
      await createResource('connector', { name: ' spaced', baseUrl: 'https://old.example.com', adoptId: otherId });
      assert.deepEqual(sentOperations(h), ['GetConnector', 'UpdateConnector']);
      assert.equal((await platform(otherId)).name, ' spaced', 'renamed to the name as written');
    });

    it('refuses to adopt a connector that does not exist or has another protocol', async () => {
      await expectRejection(
        connector.create({ name: 'x', baseUrl: 'https://a.example.com', adoptId: '01HF3Z6Q8W9V2T5K7M4N0PXYZA' }),
        /no connector 01HF3Z6Q8W9V2T5K7M4N0PXYZA to adopt/,
      );
      const existingId = await rawCreate('outside-2');
      await expectRejection(
        connector.create({ name: 'outside-2', protocol: 'bigquery', datasetId: 'my-project.d', adoptId: existingId }),
        /protocol "http", not "bigquery"/,
      );
    });
  });

  describe('categories (write-only)', () => {
    async function withCategory(category: string): Promise<string[]> {
      const query = new URLSearchParams({ categories: category, first: '100' });
      const res = await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors?${query}`, {
        headers: { Authorization: `Bearer ${h.emulator.token}` },
      });
      return ((await res.json()) as { connectors: Array<{ id: string }> }).connectors.map((c) => c.id);
    }
    const operations = () => h.requests.flatMap((line) => /^versori: [A-Z]+ \/\S* \((\w+)\)$/.exec(line)?.[1] ?? []);

    it('refuses a value outside the enum, naming the item', async () => {
      const result = await connector.check({}, { name: 'c', baseUrl: 'https://a.example.com', categories: ['CRM', 'Nope'] });
      assert.deepEqual((result.failures ?? []).map((f) => f.property), ['categories[1]']);
    });

    it('sets them with a PUT after the create only when given', async () => {
      const created = await createConnector('crm-cat', { categories: ['CRM', 'ERP', 'CRM'] });
      assert.deepEqual(operations(), ['CreateHTTPConnector', 'UpdateConnectorCategories']);
      assert.ok((await withCategory('ERP')).includes(created.id));
      assert.deepEqual(created.outs.categories, ['CRM', 'ERP', 'CRM']);
      h.resetRequests();
      await createConnector('crm-nocat', { categories: [] });
      assert.deepEqual(operations(), ['CreateHTTPConnector']);
    });

    it('compares with the last applied value: order and duplicates are no change; a change sends only their PUT', async () => {
      const created = await createConnector('crm-cat-upd', { categories: ['CRM', 'HR'] });
      assert.equal((await connector.diff(created.id, created.outs, { ...created.inputs, categories: ['HR', 'CRM', 'HR'] })).changes, false);
      h.resetRequests();
      const updated = await updateResource('connector', created.id, created, { ...created.inputs, categories: ['eCommerce'] });
      assert.deepEqual(updated.diff.detailedDiff, { categories: 'update' });
      assert.deepEqual(operations(), ['UpdateConnectorCategories']);
      assert.ok((await withCategory('eCommerce')).includes(created.id));
      assert.ok(!(await withCategory('CRM')).includes(created.id));
      assert.deepEqual([updated.outs.categories, updated.outs.connectorId, updated.outs.createdAt], [['eCommerce'], created.id, created.outs.createdAt]);
      h.resetRequests();
      const cleared = await updateResource('connector', created.id, updated, { name: 'crm-cat-upd', baseUrl: 'https://api.example.com' });
      assert.deepEqual([cleared.diff.detailedDiff, operations()], [{ categories: 'update' }, ['UpdateConnectorCategories']]);
      assert.ok(!(await withCategory('eCommerce')).includes(created.id));
      assert.equal(cleared.outs.categories, undefined);
    });

    it('sends the connector PUT and the categories PUT when both changed', async () => {
      const created = await createConnector('crm-cat-both', { categories: ['HR'] });
      h.resetRequests();
      await updateResource('connector', created.id, created, { ...created.inputs, name: 'crm-cat-both-2', categories: ['ERP'] });
      assert.deepEqual(operations(), ['UpdateConnector', 'UpdateConnectorCategories']);
    });

    it('a refresh keeps them as applied (the platform never returns them)', async () => {
      const created = await createConnector('crm-cat-read', { categories: ['CRM'] });
      const read = await connector.read(created.id, created.outs);
      assert.deepEqual(read.inputs?.categories, ['CRM']);
      assert.equal((await connector.diff(created.id, read.props ?? {}, created.inputs)).changes, false);
    });
  });

  describe('delete', () => {
    it('deletes, and treats an already deleted connector as done', async () => {
      const created = await createConnector('crm-del');
      await connector.delete(created.id, created.outs);
      await connector.delete(created.id, created.outs);
      const res = await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors/${created.id}`, {
        headers: { Authorization: `Bearer ${h.emulator.token}` },
      });
      assert.equal(res.status, 404);
    });

    it('explains a 409 (in use) and deletes with forceDelete', async () => {
      const created = await createConnector('crm-inuse');
      h.emulator.markInUse(created.id);
      const error = await expectRejection(connector.delete(created.id, created.outs), /still in use.*forceDelete: true/);
      assert.match(error.message, /409/);
      await connector.delete(created.id, { ...created.outs, forceDelete: true });
      const read = await connector.read(created.id, created.outs);
      assert.equal(read.id, '');
    });
  });

  it('a state another release wrote: an update names the computed output it lacks (or holds of another type) and sends nothing; a refresh restores it', async () => {
    const created = await createConnector('old-state');
    const c: OldStateCase = {
      kind: 'connector',
      kindName: 'Connector',
      computed: ConnectorComputed,
      id: created.id,
      outs: created.outs,
      news: { ...created.inputs, name: 'old-state-renamed' },
      wrongTypes: { organisationId: 42, updatedAt: ['2024-01-01'] },
    };
    await assertUpdateRefused(h, c);
    await assertRefreshRecovers(h, c);
  });
});
