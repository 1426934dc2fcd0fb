// Reading the organisation: every connector from every page, one request a page, filtered by name and tag, in id order,
// and the kept connectors' categories from the lists filtered by category.
import { strict as assert } from 'node:assert';
import { readOrganisation } from '../../adopt/read';
import type { Category } from '../../api/versions';
import { startHarness, type Harness } from '../support/provider-harness';
import { outsideClient } from '../support/version-harness';

/** Categories of connector i: "CRM" for the even ones (115, two pages), two more for every tenth from 1 (23), else none. */
function categoriesOf(i: number): Category[] {
  if (i % 2 === 0) return ['CRM'];
  return i % 10 === 1 ? ['HR', 'Development & IT'] : [];
}

describe('adopt/read', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
    const client = outsideClient(h);
    for (let i = 0; i < 230; i++) {
      const tags = { team: i % 2 === 0 ? 'platform' : 'data', env: i % 3 === 0 ? 'prod' : 'dev' };
      const created = await client.createHttpConnector({ name: `Connector ${String(i).padStart(3, '0')}`, baseUrl: 'https://x.example.com', tags, authSchemeConfigs: [], connections: [] }, 'c');
      if (categoriesOf(i).length > 0) await client.versions.updateCategories(created.id, categoriesOf(i), 'c');
    }
  });
  after(async () => h?.stop());

  it('reads more than two pages whole, one request a page, in id order, saying how far it got', async () => {
    const progress: number[] = [];
    const organisation = await readOrganisation(outsideClient(h), {}, (read) => progress.push(read));
    assert.equal(organisation.connectors.length, 230);
    assert.equal(organisation.requests, 3 + 2 + 2 + 11, 'three pages; two of the 138 in any category; two of "CRM", one of each other category');
    assert.deepEqual(progress, [100, 200, 230]);
    const ids = organisation.connectors.map((c) => c.id);
    assert.deepEqual(ids, [...ids].sort());
  });

  it("recovers each connector's categories, sorted, from lists of more than one page, none for one without", async () => {
    const organisation = await readOrganisation(outsideClient(h), {});
    const expected: Record<string, Category[]> = {};
    for (const c of organisation.connectors) {
      const held = categoriesOf(Number(c.name.slice('Connector '.length)));
      if (held.length > 0) expected[c.id] = [...held].sort();
    }
    assert.equal(Object.keys(expected).length, 138);
    assert.deepEqual(organisation.categories, expected);
  });

  it('asks no list per category when no kept connector has any', async () => {
    const organisation = await readOrganisation(outsideClient(h), { nameContains: 'connector 003' });
    assert.equal(organisation.connectors.length, 1);
    assert.deepEqual(organisation.categories, {});
    assert.equal(organisation.requests, 3 + 2, 'three pages; two of the connectors in any category, none of them kept');
    const kept = await readOrganisation(outsideClient(h), { nameContains: 'connector 011' });
    assert.deepEqual(Object.values(kept.categories), [['Development & IT', 'HR']]);
    assert.equal(kept.requests, 3 + 2 + 2 + 11);
  });

  it("says how far the versions' reads got, every 50 kept connectors and after the last, with the requests so far", async () => {
    const heard: Array<[number, number, number]> = [];
    await readOrganisation(outsideClient(h), {}, () => undefined, (done, of, requests) => heard.push([done, of, requests]));
    assert.deepEqual(heard, [50, 100, 150, 200, 230].map((done) => [done, 230, 3]));
  });

  it('keeps only the connectors whose name contains the text and that hold every tag given', async () => {
    const byName = await readOrganisation(outsideClient(h), { nameContains: 'CONNECTOR 1' });
    assert.equal(byName.connectors.length, 100);
    const tagged = await readOrganisation(outsideClient(h), { tags: { team: 'platform', env: 'prod' } });
    assert.equal(tagged.connectors.length, 39);
    assert.ok(tagged.connectors.every((c) => c.tags?.team === 'platform' && c.tags?.env === 'prod'));
  });
});
