// A connector's categories, which the API never returns, recovered from ListConnectors filtered by its name and by
// category: on import (a read without recorded inputs) and on adoption (`adoptId`, what the `import` option becomes),
// one list when it has none and twelve more when it has some; a refresh keeps the value last applied and lists nothing.
import { strict as assert } from 'node:assert';
import type { Category } from '../../api/versions';
import type { VersoriClient } from '../../provider/client';
import { createConnector, createResource, Harness, providers, startHarness } from '../support/provider-harness';
import { outsideClient, sentOperations } from '../support/version-harness';

const connector = providers.connector;
const BASE_URL = 'https://api.example.com';
const lists = (n: number): string[] => Array<string>(n).fill('ListConnectors');

describe('provider/connector categories', function () {
  this.timeout(60_000);
  let h: Harness;
  let client: VersoriClient;
  before(async () => {
    h = await startHarness();
    client = outsideClient(h);
  });
  after(async () => h?.stop());
  beforeEach(() => h.resetRequests());

  /** A connector made outside Pulumi, with these categories. */
  async function outside(name: string, categories: readonly Category[] = []): Promise<string> {
    const created = await client.createHttpConnector({ name, baseUrl: BASE_URL, authSchemeConfigs: [], connections: [] }, 'c');
    if (categories.length > 0) await client.versions.updateCategories(created.id, categories, 'c');
    return created.id;
  }

  /** The ids ListConnectors gives for this one category. */
  async function inCategory(category: Category): Promise<string[]> {
    const page = await client.listConnectors({ categories: [category], first: 100 }, 'c');
    return page.connectors.map((c) => c.id);
  }

  describe('import', () => {
    it('records none with one list when the connector has none, though a namesake has some', async () => {
      const id = await outside('plain crm');
      await outside('plain crm 2', ['CRM']);
      h.resetRequests();
      const read = await connector.read(id, {});
      assert.deepEqual(sentOperations(h), ['GetConnector', ...lists(1)]);
      assert.deepEqual(read.inputs, { name: 'plain crm', protocol: 'http', baseUrl: BASE_URL });
    });

    it('records exactly its categories with one list more per category (a program declaring them plans no change), which a refresh keeps', async () => {
      const id = await outside('Set CRM', ['HR', 'Development & IT', 'AI/LLMs']);
      await outside('set crm copy', ['ERP']);
      h.resetRequests();
      const read = await connector.read(id, {});
      assert.deepEqual(sentOperations(h), ['GetConnector', ...lists(13)]);
      assert.deepEqual(read.inputs?.categories, ['AI/LLMs', 'Development & IT', 'HR']);
      const program = { name: 'Set CRM', baseUrl: BASE_URL, categories: ['HR', 'AI/LLMs', 'Development & IT'] };
      assert.equal((await connector.diff(id, read.props ?? {}, program)).changes, false);
      const without = await connector.diff(id, read.props ?? {}, { name: 'Set CRM', baseUrl: BASE_URL });
      assert.deepEqual(Object.keys(without.detailedDiff ?? {}), ['categories'], 'a program without them clears them');
      await client.versions.updateCategories(id, ['ERP'], 'c');
      h.resetRequests();
      const refreshed = await connector.read(id, read.props ?? {});
      assert.deepEqual([sentOperations(h), refreshed.inputs?.categories], [['GetConnector'], ['AI/LLMs', 'Development & IT', 'HR']], 'a refresh lists nothing');
    });

    it('reads every page of a list when more than 100 names contain its name', async () => {
      const id = await outside('paged', ['ERP']);
      for (let i = 0; i < 105; i++) await outside(`paged ${i}`, ['ERP']);
      h.resetRequests();
      const read = await connector.read(id, {});
      assert.deepEqual(sentOperations(h), ['GetConnector', ...lists(2 + 2 + 11)], 'two pages of any category and of "ERP", one of each other');
      assert.deepEqual(read.inputs?.categories, ['ERP']);
    });
  });

  describe('adoption (adoptId)', () => {
    it('writes nothing when the connector holds the declared categories', async () => {
      const id = await outside('adopted same', ['eCommerce', 'CRM']);
      h.resetRequests();
      const adopted = await createResource('connector', { name: 'adopted same', baseUrl: BASE_URL, categories: ['CRM', 'eCommerce', 'CRM'], adoptId: id });
      assert.deepEqual(sentOperations(h), ['GetConnector', ...lists(13)]);
      assert.deepEqual(adopted.outs.categories, ['CRM', 'eCommerce', 'CRM']);
      assert.equal((await connector.diff(id, adopted.outs, adopted.inputs)).changes, false);
    });

    it('writes nothing after one list when it has none and none are declared', async () => {
      const id = await outside('adopted none');
      h.resetRequests();
      await createResource('connector', { name: 'adopted none', baseUrl: BASE_URL, categories: [], adoptId: id });
      assert.deepEqual(sentOperations(h), ['GetConnector', ...lists(1)]);
    });

    it('sets the declared categories when they differ, and clears them when none are declared', async () => {
      const id = await outside('adopted other', ['HR']);
      h.resetRequests();
      await createResource('connector', { name: 'adopted other', baseUrl: BASE_URL, categories: ['Accounting'], adoptId: id });
      assert.deepEqual(sentOperations(h), ['GetConnector', ...lists(13), 'UpdateConnectorCategories']);
      assert.deepEqual([(await inCategory('Accounting')).includes(id), (await inCategory('HR')).includes(id)], [true, false]);
      h.resetRequests();
      await createResource('connector', { name: 'adopted other', baseUrl: BASE_URL, categories: [], adoptId: id });
      assert.deepEqual(sentOperations(h), ['GetConnector', ...lists(13), 'UpdateConnectorCategories']);
      assert.ok(!(await inCategory('Accounting')).includes(id));
    });
  });
});
