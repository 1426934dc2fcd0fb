// Reading the organisation: every connector from every page, one request a page, filtered by name and tag, in id order.
import { strict as assert } from 'node:assert';
import { readOrganisation } from '../../adopt/read';
import { startHarness, type Harness } from '../support/provider-harness';
import { outsideClient } from '../support/version-harness';

describe('adopt/read', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
    const client = outsideClient(h);
    for (let i = 0; i < 230; i++) {
      const tags = { team: i % 2 === 0 ? 'platform' : 'data', env: i % 3 === 0 ? 'prod' : 'dev' };
      await client.createHttpConnector({ name: `Connector ${String(i).padStart(3, '0')}`, baseUrl: 'https://x.example.com', tags, authSchemeConfigs: [], connections: [] }, 'c');
    }
  });
  after(async () => h?.stop());

  it('reads more than two pages whole, one request a page, in id order, saying how far it got', async () => {
    const progress: number[] = [];
    const organisation = await readOrganisation(outsideClient(h), {}, (read) => progress.push(read));
    assert.equal(organisation.connectors.length, 230);
    assert.equal(organisation.requests, 3);
    assert.deepEqual(progress, [100, 200, 230]);
    const ids = organisation.connectors.map((c) => c.id);
    assert.deepEqual(ids, [...ids].sort());
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
