// An OAuth 2.0 grant declared without `clientSecret` (what `versori-adopt --without-secrets` writes): adopting and
// updating the config never overwrites the secret its credential holds, since an update merges into that credential.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { AuthSchemeConfig as ApiAuthSchemeConfig } from '../../api/schemas';
import { readRequestLog } from '../../emulator/request-log';
import type { StoreData } from '../../emulator/store';
import { newUlid } from '../../provider/new-id';
import { tempDir } from '../emulator/support';
import { createConnector, createResource, Harness, Props, providers, startHarness, updateResource } from '../support/provider-harness';
import { outsideClient, sentOperations } from '../support/version-harness';

const oauth2 = (description: string, grant: Props): Props => ({
  schemeType: 'oauth2',
  description,
  authorizeUrl: 'https://auth.example.com/authorize',
  tokenUrl: 'https://auth.example.com/token',
  grant,
});

describe('provider/auth-scheme-config: a grant declared without its client secret', () => {
  let h: Harness;
  let connectorId: string;
  let requestLog: string;
  before(async () => {
    requestLog = path.join(tempDir(), 'requests.jsonl');
    h = await startHarness({ requestLogFile: requestLog });
    connectorId = (await createConnector('grant-host')).id;
  });
  after(async () => h.stop());

  async function storedSecret(credentialId: unknown): Promise<unknown> {
    const res = await fetch(`${h.emulator.origin}/_emulator/store`, { headers: { Authorization: `Bearer ${h.emulator.token}` } });
    const store = (await res.json()) as StoreData;
    return store.organisations[h.emulator.organisationId].credentials[String(credentialId)]?.data.clientSecret;
  }

  /** One update of the description (and grant): the PUT's grant as logged (secret values as ""), and the outputs. */
  async function updated(id: string, previous: { inputs: Props; outs: Props }, news: Props): Promise<{ grant: Props; outs: Props }> {
    const mark = readRequestLog(requestLog).length;
    const result = await updateResource('authSchemeConfig', id, previous, news);
    const sent = readRequestLog(requestLog).slice(mark).filter((r) => r.method !== 'GET');
    assert.deepEqual(sent.map((r) => r.method), ['PUT']);
    return { grant: (sent[0].requestBody as { grant: Props }).grant, outs: result.outs };
  }

  const grant = { grantType: 'authorization_code', clientId: 'client-a' };

  /** A config made outside Pulumi whose grant's credential holds `held-grant-secret`. */
  async function outside(fields: Props): Promise<string> {
    const id = newUlid();
    const config = ApiAuthSchemeConfig.parse({ id, ...fields, scopes: [], defaultScopes: [], grant: { ...grant, clientSecret: 'held-grant-secret' } });
    await outsideClient(h).upsertAuthSchemeConfig(connectorId, config, 'outside');
    h.resetRequests();
    return id;
  }

  it('adopts without a write, updates in place without sending one, and the held secret stays; one given later is written at the next update', async () => {
    const fields = oauth2('OAuth', grant);
    const id = await outside(fields);
    const adopted = await createResource('authSchemeConfig', { connectorId, authSchemeConfigId: id, ...fields });
    assert.deepEqual(sentOperations(h), ['GetConnector']);
    const { config: _derived, ...declared } = adopted.inputs;
    const first = await updated(adopted.id, adopted, { ...declared, description: 'renamed' });
    assert.equal('clientSecret' in first.grant, false, 'no client secret sent');
    assert.equal(first.grant.credentialId, adopted.outs.credentialId, 'merged into the credential it has');
    assert.equal(await storedSecret(adopted.outs.credentialId), 'held-grant-secret');

    const given = { ...declared, description: 'renamed', grant: { ...grant, clientSecret: 'given-later' } };
    const previous = { inputs: { ...declared, description: 'renamed' }, outs: first.outs };
    assert.equal((await providers.authSchemeConfig.diff(adopted.id, first.outs, given)).changes, false, 'not compared: never read back');
    const second = await updated(adopted.id, previous, { ...given, description: 'renamed again' });
    assert.equal('clientSecret' in second.grant, true);
    assert.equal(await storedSecret(adopted.outs.credentialId), 'given-later');
  });

  it('a client secret declared at adoption is not written then, but is at the next update of any input', async () => {
    const fields = oauth2('OAuth declared', { ...grant, clientSecret: 'declared-secret' });
    const id = await outside(fields);
    const adopted = await createResource('authSchemeConfig', { connectorId, authSchemeConfigId: id, ...fields });
    assert.equal(await storedSecret(adopted.outs.credentialId), 'held-grant-secret');
    const { config: _derived, ...declared } = adopted.inputs;
    await updated(adopted.id, adopted, { ...declared, description: 'OAuth declared, renamed' });
    assert.equal(await storedSecret(adopted.outs.credentialId), 'declared-secret');
  });
});
