// Lists are read to their end: a name found on a late page is found, and a list that does not end is an error that
// says so, never "not found" from part of it (after which a lost create would be sent again).
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VersoriClient } from '../../provider/client';
import { eachPage } from '../../provider/paging';
import { TEST_RETRY } from '../support/provider-harness';

/** A server answering every list with `page(after)`: the connectors of that page and its next cursor. */
async function listServer(page: (after: string | undefined) => { names: string[]; next?: string }): Promise<{ client: VersoriClient; server: Server; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    const after = new URL(req.url ?? '/', 'http://x').searchParams.get('after') ?? undefined;
    const { names, next } = page(after);
    const connector = (name: string, i: number) => ({
      id: `01J00000000000000000000${String(i).padStart(3, '0')}`.slice(0, 26), name, protocol: 'http', baseUrl: 'https://x.example.com',
      organisationId: '01J0000000000000000000000A', public: false, authSchemeConfigs: [], connections: [], versions: [], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
    });
    const isConnections = /\/connections/.test(req.url ?? '');
    const body = isConnections
      ? { totalCount: 0, items: names.map((name, i) => ({ id: connector(name, i).id, name, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' })), ...(next && { next }) }
      : { totalCount: 0, connectors: names.map(connector), ...(next && { next }) };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new VersoriClient(
    { token: 't', organisationId: '01J0000000000000000000000A', baseUrl: `http://127.0.0.1:${port}/api/connect/v1` },
    { retry: TEST_RETRY, maxListPages: 5 },
  );
  return { client, server, requests: () => requests };
}

describe('provider/paging', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  it('walks pages to the end, through empty pages, and finds what is on the last one', async () => {
    const pages: Record<string, { names: string[]; next?: string }> = { start: { names: ['a'], next: 'p2' }, p2: { names: [], next: 'p3' }, p3: { names: ['crm', 'b'] } };
    const { client, server } = await listServer((after) => pages[after ?? 'start']);
    servers.push(server);
    assert.deepEqual((await client.findConnectorsByName('crm', 'c')).map((c) => c.name), ['crm']);
    assert.equal((await client.findConnectionByName('01J0000000000000000000000B', 'b', 'c'))?.name, 'b');
  });

  it('is an error naming the list when a cursor comes back (no "not found" from part of it)', async () => {
    const { client, server, requests } = await listServer(() => ({ names: ['other'], next: 'again' }));
    servers.push(server);
    await assert.rejects(client.findConnectorsByName('crm', 'c'), /Listing the connectors named "crm" did not end: Versori returned the cursor "again" twice/);
    await assert.rejects(client.findConnectionByName('01J0000000000000000000000B', 'crm', 'c'), /did not end/);
    assert.equal(requests(), 4);
  });

  it('is an error after the page limit, never a partial answer', async () => {
    const { client, server, requests } = await listServer((after) => ({ names: ['other'], next: `p${Number((after ?? 'p0').slice(1)) + 1}` }));
    servers.push(server);
    await assert.rejects(client.findConnectorsByName('crm', 'c'), /did not end after 5 pages; nothing was decided from a partial list/);
    assert.equal(requests(), 5);
  });

  it('yields each page in order and stops at the first page without next', async () => {
    const seen: string[][] = [];
    for await (const items of eachPage('letters', 10, async (after) => (after === undefined ? { items: ['a'], next: 'b' } : { items: [after] }))) seen.push([...items]);
    assert.deepEqual(seen, [['a'], ['b']]);
  });
});
