// A Connection credential with `unmanagedSecrets: true`: its secret data is never declared, compared or sent, so the
// provider adopts and updates such a connection in place but refuses to create or replace it.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CREDENTIAL_TYPES, SECRET_CREDENTIAL_FIELDS } from '../../api/schemas';
import { readRequestLog } from '../../emulator/request-log';
import type { StoreData, StoredCredential } from '../../emulator/store';
import { tempDir } from '../emulator/support';
import { pem } from '../support/pem';
import { createConnector, createResource, expectRejection, Harness, Props, providers, startHarness, updateResource } from '../support/provider-harness';

const connection = providers.connection;
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
const ADOPT_ID = '01J00000000000000000000A01';

/** Valid data of each credential type, its secret fields included. */
const DATA: Record<(typeof CREDENTIAL_TYPES)[number], Props> = {
  none: {},
  string: { value: 's' },
  binary: { valueBase64: Buffer.from('b').toString('base64') },
  'basic-auth': { username: 'u', password: 'p' },
  'oauth2-client': { clientId: 'c', clientSecret: 's', authorizeUrl: 'https://a.example.com', tokenUrl: 'https://t.example.com' },
  'oauth2-password': { username: 'u', password: 'p' },
  'oauth2-code': { code: 'c', state: 's' },
  'oauth2-token': { scopes: ['read'], accessToken: 'a', refreshToken: 'r' },
  certificate: { certificate: pem('CERTIFICATE', 'MIIBcert'), key: pem('PRIVATE KEY', 'MIIEkey'), ca: '' },
};

function without(data: Props, fields: readonly string[]): Props {
  return Object.fromEntries(Object.entries(data).filter(([field]) => !fields.includes(field)));
}

describe('provider/connection: credentials with unmanaged secrets', () => {
  let h: Harness;
  let connectorId: string;
  let requestLog: string;
  const configs: Record<string, Props> = {};

  before(async () => {
    requestLog = path.join(tempDir(), 'requests.jsonl');
    h = await startHarness({ requestLogFile: requestLog });
    connectorId = (await createConnector('unmanaged-host')).id;
    for (const [label, fields] of [
      ['api-key', { schemeType: 'api-key', name: 'X-API-Key', in: 'header' }],
      ['api-key-2', { schemeType: 'api-key', name: 'X-Other', in: 'query' }],
      ['basic-auth', { schemeType: 'basic-auth' }],
    ] as const) {
      configs[label] = (await createResource('authSchemeConfig', { connectorId, ...fields, description: label })).outs.config as Props;
    }
  });
  after(async () => h.stop());
  beforeEach(() => h.resetRequests());

  const credentialItem = (credential: Props, scheme = 'api-key'): Props => ({ authSchemeConfig: configs[scheme], credential });
  const keyed = (name: string, credential: Props, extra: Props = {}): Props => ({
    connectorId,
    name,
    credentials: { action: [credentialItem({ name: 'key', type: 'string', ...credential })] },
    ...extra,
  });
  const unmanagedKey = (name: string, extra: Props = {}) => keyed(name, { unmanagedSecrets: true, data: {} }, extra);

  async function storedCredential(credentialId: unknown): Promise<StoredCredential> {
    const res = await fetch(`${h.emulator.origin}/_emulator/store`, { headers: { Authorization: `Bearer ${h.emulator.token}` } });
    const store = (await res.json()) as StoreData;
    return store.organisations[h.emulator.organisationId].credentials[String(credentialId)];
  }

  function credentialIdOf(outs: Props): unknown {
    return (outs.appliedCredentials as { action: Props[] }).action[0].credentialId;
  }

  /** An existing connection holding the secret `held-secret`, adopted with its secrets unmanaged. */
  async function adoptedUnmanaged(name: string): Promise<{ id: string; inputs: Props; outs: Props }> {
    const existing = await createResource('connection', keyed(name, { data: { value: 'held-secret' } }, { variables: [{ name: 'a', value: '1' }] }));
    h.resetRequests();
    return createResource('connection', unmanagedKey(name, { variables: [{ name: 'a', value: '1' }], adoptId: existing.outs.connectionId }));
  }

  describe('check', () => {
    it('refuses a secret field given with the flag, naming it; without the flag a missing one fails as before', async () => {
      const given = await connection.check({}, keyed('c', { unmanagedSecrets: true, data: { value: 'x' } }));
      assert.deepEqual(given.failures?.map((f) => f.property), ['credentials.action[0].credential.data.value']);
      assert.match(given.failures?.[0]?.reason ?? '', /is unmanaged \(unmanagedSecrets: true\): leave it out/);
      const missing = await connection.check({}, keyed('c', { data: {} }));
      assert.deepEqual(missing.failures, [{ property: 'credentials.action[0].credential.data.value', reason: 'Invalid input: expected string, received undefined' }]);
      const flagged = await connection.check({}, keyed('c', { unmanagedSecrets: true, data: {} }, { adoptId: ADOPT_ID }));
      assert.deepEqual(flagged.failures, []);
      const applied = await connection.check(keyed('c', { data: { value: 'x' } }), keyed('c', { unmanagedSecrets: true, data: {} }));
      assert.deepEqual(applied.failures, []);
      const odd = await connection.check({}, keyed('c', { unmanagedSecrets: 'yes', data: {} }));
      assert.deepEqual(odd.failures?.map((f) => f.property), ['credentials.action[0].credential.unmanagedSecrets']);
    });

    it('leaves out exactly the secret fields of each credential type; its other fields stay required', async () => {
      for (const type of CREDENTIAL_TYPES) {
        const secret = SECRET_CREDENTIAL_FIELDS[type];
        const check = (data: Props) => connection.check({}, { connectorId, name: 'c', adoptId: ADOPT_ID, credentials: { action: [{ authSchemeConfig: { id: configs['api-key'].id }, credential: { name: 'k', type, unmanagedSecrets: true, data } }] } });
        assert.deepEqual((await check(without(DATA[type], secret))).failures, [], type);
        const given = (await check(DATA[type])).failures?.map((f) => f.property);
        assert.deepEqual(given, secret.map((field) => `credentials.action[0].credential.data.${field}`), type);
      }
      const noUsername = await connection.check({}, { connectorId, name: 'c', adoptId: ADOPT_ID, credentials: { action: [credentialItem({ name: 'b', type: 'basic-auth', unmanagedSecrets: true, data: {} }, 'basic-auth')] } });
      assert.deepEqual(noUsername.failures?.map((f) => f.property), ['credentials.action[0].credential.data.username']);
    });
  });

  it('refuses a new connection with an unmanaged credential at check (the preview), and at create, sending nothing', async () => {
    const checked = await connection.check({}, unmanagedKey('brand-new'));
    assert.deepEqual(checked.failures?.map((f) => f.property), ['credentials.action[0].credential.data.value']);
    assert.match(checked.failures?.[0]?.reason ?? '', /^is unmanaged: a new connection needs it; set it \(and drop unmanagedSecrets\), or adopt/);
    await expectRejection(
      connection.create(checked.inputs ?? {}),
      /^Connection "brand-new": credentials\.action\[0\]\.credential\.data\.value is unmanaged: a new connection needs it; set it/,
    );
    assert.equal(h.requestCount(), 0);
  });

  it('adopts without writing, then updates in place with one PUT carrying no credential data; the held secret stays', async () => {
    const adopted = await adoptedUnmanaged('adopt-update');
    assert.deepEqual(h.requests.filter((l) => /^versori: (PUT|POST|DELETE) /.test(l)), []);
    assert.equal((await connection.diff(adopted.id, adopted.outs, adopted.inputs)).changes, false);
    const news = { ...unmanagedKey('adopt-update-renamed', { variables: [{ name: 'a', value: '2' }] }) };
    (news.credentials as { action: Props[] }).action[0].authSchemeConfig = configs['api-key-2'];
    const mark = readRequestLog(requestLog).length;
    h.resetRequests();
    const updated = await updateResource('connection', adopted.id, adopted, news);
    const sent = readRequestLog(requestLog).slice(mark);
    assert.deepEqual(sent.map((r) => r.method), ['PUT']);
    const body = sent[0].requestBody as { credentials: { action: Props[] } };
    assert.deepEqual(Object.keys(body.credentials.action[0]).sort(), ['authSchemeConfig', 'id']);
    assert.ok(!JSON.stringify(body).includes('"data"'), 'no credential data sent');
    assert.equal(credentialIdOf(updated.outs), credentialIdOf(adopted.outs));
    assert.deepEqual((await storedCredential(credentialIdOf(adopted.outs))).data, { value: 'held-secret' });
  });

  it('refuses at diff a replacement while a credential is unmanaged, declared so or last applied so, naming what forces it', async () => {
    const adopted = await adoptedUnmanaged('no-replace');
    const renamed = keyed('no-replace', { name: 'other-key', unmanagedSecrets: true, data: {} }, { variables: [{ name: 'a', value: '1' }] });
    await expectRejection(
      connection.diff(adopted.id, adopted.outs, renamed),
      /^Connection "no-replace": credentials\.action\[0\]\.credential\.name would replace the connection, but credentials\.action\[0\]\.credential is unmanaged \(unmanagedSecrets: true\): the platform's secret cannot be carried over/,
    );
    await expectRejection(connection.diff(adopted.id, adopted.outs, { ...adopted.inputs, connectorId: UNKNOWN }), /connectorId would replace the connection/);
    const givenNow = keyed('no-replace', { name: 'other-key', data: { value: 'held-secret' } });
    await expectRejection(connection.diff(adopted.id, adopted.outs, givenNow), /credentials\.action\[0\]\.credential was last applied unmanaged/);
    const inPlace = await connection.diff(adopted.id, adopted.outs, { ...adopted.inputs, variables: [{ name: 'a', value: '9' }] });
    assert.deepEqual(inPlace.replaces, []);
    assert.deepEqual((await storedCredential(credentialIdOf(adopted.outs))).data, { value: 'held-secret' });
  });

  it('refuses a change of an unmanaged credential\'s non-secret data: it would replace the connection', async () => {
    const existing = await createResource('connection', { connectorId, name: 'basic', credentials: { action: [credentialItem({ name: 'b', type: 'basic-auth', data: { username: 'u', password: 'held' } }, 'basic-auth')] } });
    const unmanaged = (username: string) => ({ connectorId, name: 'basic', credentials: { action: [credentialItem({ name: 'b', type: 'basic-auth', unmanagedSecrets: true, data: { username } }, 'basic-auth')] } });
    const adopted = await createResource('connection', { ...unmanaged('u'), adoptId: existing.outs.connectionId });
    assert.equal((await connection.diff(adopted.id, adopted.outs, unmanaged('u'))).changes, false);
    await expectRejection(connection.diff(adopted.id, adopted.outs, unmanaged('v')), /credentials\.action\[0\]\.credential\.data would replace the connection/);
  });

  it('an import (a read without state) and then a program with the flag previews no change', async () => {
    const existing = await createResource('connection', keyed('imported', { data: { value: 'import-secret' } }));
    const read = await connection.read(existing.id, undefined);
    const checked = await connection.check(read.inputs ?? {}, unmanagedKey('imported'));
    assert.deepEqual(checked.failures, []);
    assert.equal((await connection.diff(existing.id, read.props ?? {}, checked.inputs ?? {})).changes, false);
  });

  it('refresh keeps the flag, also for a credential it maps anew from the platform', async () => {
    const adopted = await adoptedUnmanaged('refreshed');
    const kept = await connection.read(adopted.id, adopted.outs);
    assert.equal((await connection.diff(adopted.id, kept.props ?? {}, adopted.inputs)).changes, false);
    const applied = adopted.outs.appliedCredentials as { action: Props[] };
    const otherRecord = { ...adopted.outs, appliedCredentials: { action: [{ ...applied.action[0], credentialId: '01J00000000000000000000R99' }] } };
    const mapped = await connection.read(adopted.id, otherRecord);
    const credential = (mapped.props?.credentials as { action: Array<{ credential: Props }> }).action[0].credential;
    assert.deepEqual(credential, { name: 'key', type: 'string', unmanagedSecrets: true, data: {} });
  });

  it('giving the secret later previews no change; the next update records it (sending none), and then a change of it is seen', async () => {
    const adopted = await adoptedUnmanaged('given-later');
    const given = (value: string, variable: string) => keyed('given-later', { data: { value } }, { variables: [{ name: 'a', value: variable }] });
    assert.equal((await connection.diff(adopted.id, adopted.outs, given('first-given', '1'))).changes, false);
    assert.equal((await connection.diff(adopted.id, adopted.outs, given('second-given', '1'))).changes, false, 'not compared until recorded');
    const updated = await updateResource('connection', adopted.id, adopted, given('first-given', '2'));
    assert.deepEqual((updated.outs.credentials as { action: Array<{ credential: Props }> }).action[0].credential, { name: 'key', type: 'string', data: { value: 'first-given' } });
    assert.deepEqual((await connection.diff(adopted.id, updated.outs, given('second-given', '2'))).replaces, ['credentials']);
    assert.deepEqual((await storedCredential(credentialIdOf(adopted.outs))).data, { value: 'held-secret' });
  });

  it('adding the flag to a managed credential previews no change', async () => {
    const created = await createResource('connection', keyed('managed-first', { data: { value: 'mine' } }));
    assert.equal((await connection.diff(created.id, created.outs, unmanagedKey('managed-first'))).changes, false);
  });

  it('without the flag, an adoption records the declared secret as given: a later change of it is seen, as a replacement', async () => {
    const existing = await createResource('connection', keyed('adopt-made-up', { data: { value: 'held-secret' } }));
    const adopted = await createResource('connection', keyed('adopt-made-up', { data: { value: 'made-up' } }, { adoptId: existing.outs.connectionId }));
    assert.deepEqual((adopted.outs.credentials as { action: Array<{ credential: Props }> }).action[0].credential.data, { value: 'made-up' });
    const diff = await connection.diff(adopted.id, adopted.outs, keyed('adopt-made-up', { data: { value: 'real' } }));
    assert.deepEqual([diff.replaces, diff.deleteBeforeReplace], [['credentials'], true]);
    assert.deepEqual((await storedCredential(credentialIdOf(adopted.outs))).data, { value: 'held-secret' });
  });
});
