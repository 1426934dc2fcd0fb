import { strict as assert } from 'node:assert';
import { Connection as ApiConnection } from '../../api/schemas';
import { ConnectionComputed, connectionFields } from '../../provider/connection/inputs';
import { assertDocumented } from '../support/docs';
import { pem } from '../support/pem';
import { createConnector, createResource, expectRejection, Harness, Props, providers, startHarness, updateResource } from '../support/provider-harness';
import { assertRefreshRecovers, assertUpdateRefused, oldStateRefusal, type OldStateCase } from '../support/old-state';

const connection = providers.connection;
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

describe('provider/connection', () => {
  let h: Harness;
  let connectorId: string;
  const configs: Record<string, Props> = {};

  before(async () => {
    h = await startHarness();
    connectorId = (await createConnector('conn-host', { connectionVariables: [{ name: 'region', value: 'eu' }] })).id;
    const schemes: Array<[string, Props]> = [
      ['none', { schemeType: 'none' }],
      ['api-key', { schemeType: 'api-key', name: 'X-API-Key', in: 'header' }],
      ['api-key-2', { schemeType: 'api-key', name: 'X-Other', in: 'query' }],
      ['basic-auth', { schemeType: 'basic-auth' }],
      ['certificate', { schemeType: 'certificate' }],
      ['hmac', { schemeType: 'hmac', name: 'X-Sig', in: 'header', algorithm: 'sha256', digestInputs: ['body'] }],
      [
        'oauth2',
        {
          schemeType: 'oauth2',
          authorizeUrl: 'https://auth.example.com/authorize',
          tokenUrl: 'https://auth.example.com/token',
          scopes: [{ name: 'read' }],
          defaultScopes: ['read'],
          grant: { grantType: 'authorization_code', clientId: 'c', clientSecret: 'client-secret-xyz' },
        },
      ],
    ];
    for (const [label, fields] of schemes) {
      const created = await createResource('authSchemeConfig', { connectorId, ...fields, description: label });
      configs[label] = created.outs.config as Props;
    }
  });
  after(async () => {
    await h.stop();
  });
  beforeEach(() => {
    h.setFaults(null);
    h.resetRequests();
  });

  const item = (scheme: string, type: string, data: Props, name = `${type}-cred`): Props => ({
    authSchemeConfig: configs[scheme],
    credential: { name, type, data },
  });
  const apiKeyConnection = (name: string, value = 'key-value-1'): Props => ({
    connectorId,
    name,
    credentials: { action: [item('api-key', 'string', { value })] },
  });

  async function platform(id: string): Promise<ApiConnection> {
    const [cid, connId] = id.split('/');
    const res = await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors/${cid}/connections/${connId}`, {
      headers: { Authorization: `Bearer ${h.emulator.token}` },
    });
    assert.equal(res.status, 200);
    return ApiConnection.parse(await res.json());
  }

  it("docs/resources.md's input table lists every declared input, with its replace rule and secrecy", () => {
    assertDocumented('Connection', connectionFields, ['declaredSchemeTypes']);
  });

  describe('check', () => {
    it('accepts a valid connection without sending a request', async () => {
      const result = await connection.check({}, apiKeyConnection('ok'));
      assert.deepEqual(result.failures, []);
      assert.equal(h.requestCount(), 0);
    });

    it('sends the connection and credential names exactly as written, outer spaces included; refuses blank ones', async () => {
      const created = await createResource('connection', { ...apiKeyConnection(' prod '), credentials: { action: [item('api-key', 'string', { value: 'k' }, ' key ')] } });
      const held = await platform(created.id);
      assert.deepEqual([held.name, held.credentials.action?.[0]?.credential.name], [' prod ', ' key ']);
      const blank = await connection.check({}, { ...apiKeyConnection('  '), credentials: { action: [item('api-key', 'string', { value: 'k' }, ' ')] } });
      assert.deepEqual(blank.failures?.map((f) => f.property).sort(), ['credentials.action[0].credential.name', 'name']);
    });

    it('names the path of invalid credential data', async () => {
      const result = await connection.check({}, {
        connectorId,
        name: 'bad',
        credentials: { action: [item('basic-auth', 'basic-auth', { username: 'u' })] },
      });
      assert.deepEqual(result.failures?.map((f) => f.property), ['credentials.action[0].credential.data.password']);
    });

    it('refuses a credential type that does not fit its scheme', async () => {
      const result = await connection.check({}, { connectorId, name: 'misfit', credentials: { trigger: [item('api-key', 'basic-auth', { username: 'u', password: 'p' })] } });
      assert.equal(result.failures?.[0]?.property, 'credentials.trigger[0].credential.type');
      assert.match(result.failures?.[0]?.reason ?? '', /"api-key" auth scheme takes "string"/);
    });

    it('refuses unsupported credential types, empty lists, a missing list and duplicate variables', async () => {
      const jwt = await connection.check({}, { connectorId, name: 'j', credentials: { action: [item('none', 'jwt-bearer', {})] } });
      assert.deepEqual(jwt.failures?.map((f) => f.property), ['credentials.action[0].credential.type']);
      assert.match(jwt.failures?.[0]?.reason ?? '', /cannot be created/);
      const empty = await connection.check({}, { connectorId, name: 'e', credentials: { action: [] } });
      assert.deepEqual(empty.failures?.map((f) => f.property), ['credentials.action']);
      const none = await connection.check({}, { connectorId, name: 'n', credentials: {} });
      assert.deepEqual(none.failures?.map((f) => f.property), ['credentials.action']);
      const vars = await connection.check({}, { ...apiKeyConnection('v'), variables: [{ name: 'a', value: '1' }, { name: 'a', value: '1' }] });
      assert.deepEqual(vars.failures?.map((f) => f.property), ['variables[1].name']);
    });

    it('accepts ULIDs in lower case and hands them on in upper case', async () => {
      const lower = (id: string) => id.toLowerCase();
      const result = await connection.check({}, {
        connectorId: lower(connectorId),
        name: 'lower',
        adoptId: '01jb00000000000000000000cc',
        credentials: { action: [{ authSchemeConfig: { id: lower(String(configs['api-key'].id)), schemeType: 'api-key' }, credential: { name: 'k', type: 'string', data: { value: 'v' } } }] },
      });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs?.connectorId, connectorId);
      assert.equal(result.inputs?.adoptId, '01JB00000000000000000000CC');
      const credentials = result.inputs?.credentials as { action: Array<{ authSchemeConfig: Props }> };
      assert.equal(credentials.action[0].authSchemeConfig.id, configs['api-key'].id);
    });

    it('accepts unknown values: connector id, auth scheme config and credential data', async () => {
      const result = await connection.check({}, {
        connectorId: UNKNOWN,
        name: 'preview',
        credentials: { action: [{ authSchemeConfig: UNKNOWN, credential: { name: 'k', type: 'string', data: UNKNOWN } }] },
      });
      assert.deepEqual(result.failures, []);
    });
  });

  describe('create, one per credential type', () => {
    const cases: Array<[string, string, Props]> = [
      ['none', 'none', {}],
      ['api-key', 'string', { value: 'string-secret-1' }],
      ['hmac', 'string', { value: 'hmac-secret-1' }],
      ['certificate', 'binary', { valueBase64: Buffer.from('binary-secret-1').toString('base64') }],
      ['basic-auth', 'basic-auth', { username: 'user', password: 'basic-secret-1' }],
      ['oauth2', 'oauth2-client', { clientId: 'cid', clientSecret: 'client-secret-1', authorizeUrl: 'https://a.example.com', tokenUrl: 'https://t.example.com' }],
      ['oauth2', 'oauth2-password', { username: 'user', password: 'password-secret-1' }],
      ['oauth2', 'oauth2-code', { code: 'code-1', state: 'state-1' }],
      ['oauth2', 'oauth2-token', { scopes: ['read'], accessToken: 'access-secret-1', refreshToken: 'refresh-secret-1' }],
      ['certificate', 'certificate', { certificate: pem('CERTIFICATE', 'MIIBcert'), key: pem('PRIVATE KEY', 'MIIEkeysecret1'), ca: pem('CERTIFICATE', 'MIIBca') }],
    ];
    for (const [scheme, type, data] of cases) {
      it(`creates a ${type} credential on a ${scheme} scheme, with no secret in the non-secret outputs`, async () => {
        // binary fits no scheme's list strictly, so it goes with an untyped reference ({ id } only).
        const ref = type === 'binary' ? { id: configs[scheme].id } : configs[scheme];
        const created = await createResource('connection', {
          connectorId,
          name: `conn-${type}-${scheme}`,
          credentials: { action: [{ authSchemeConfig: ref, credential: { name: `${type}-cred`, type, data } }] },
        });
        const [cid, connId] = created.id.split('/');
        assert.equal(cid, connectorId);
        assert.equal(created.outs.connectionId, connId);
        const held = await platform(created.id);
        const expectedType = type === 'oauth2-code' ? 'oauth2-token' : type;
        assert.equal(held.credentials.action?.[0].credential.type, expectedType);
        const applied = created.outs.appliedCredentials as { action: Array<Props> };
        assert.equal(applied.action[0].credentialId, held.credentials.action?.[0].credential.id);
        const { credentials: _secret, ...visible } = created.outs;
        for (const value of Object.values(data)) {
          if (typeof value === 'string' && /secret/.test(value)) assert.ok(!JSON.stringify(visible).includes(value), `${value} leaked`);
        }
      });
    }

    it('starts from the connector default variables and sends variables: [] when none are given', async () => {
      const created = await createResource('connection', apiKeyConnection('defaults'));
      assert.deepEqual(created.outs.effectiveVariables, [{ name: 'region', value: 'eu' }]);
      assert.equal(created.outs.variables, undefined);
      assert.equal((await connection.diff(created.id, created.outs, created.inputs)).changes, false);
    });

    it('fails on a name taken by another connection, saying what exists', async () => {
      await createResource('connection', apiKeyConnection('taken'));
      const checked = await connection.check({}, { ...apiKeyConnection('taken'), credentials: { action: [item('none', 'none', {})] } });
      await expectRejection(connection.create(checked.inputs ?? {}), /Connection "taken".*connection .* named "taken".*already exists/);
    });

    it('reports an auth scheme config the connector does not have', async () => {
      const checked = await connection.check({}, {
        connectorId,
        name: 'ghost',
        credentials: { action: [{ authSchemeConfig: { id: '01HF3Z6Q8W9V2T5K7M4N0PXYZA' }, credential: { name: 'n', type: 'none', data: {} } }] },
      });
      await expectRejection(connection.create(checked.inputs ?? {}), /auth scheme config 01HF3Z6Q8W9V2T5K7M4N0PXYZA does not exist/);
    });
  });

  describe('diff', () => {
    let base: { id: string; inputs: Props; outs: Props };
    before(async () => {
      base = await createResource('connection', apiKeyConnection('diff-base', 'diff-secret'));
    });

    it('replaces, deleting first, when credential data changes under the same name', async () => {
      const diff = await connection.diff(base.id, base.outs, apiKeyConnection('diff-base', 'other-secret'));
      assert.deepEqual(diff.replaces, ['credentials']);
      assert.equal(diff.deleteBeforeReplace, true);
      assert.equal(diff.detailedDiff['credentials.action[0].credential.data'], 'update-replace');
    });

    it('replaces without deleting first when the name changes too', async () => {
      const diff = await connection.diff(base.id, base.outs, apiKeyConnection('diff-renamed', 'other-secret'));
      assert.deepEqual(diff.replaces, ['credentials']);
      assert.equal(diff.deleteBeforeReplace, false);
    });

    it('replaces on a credential name or type change, an added credential, a scheme type change, or a new connector', async () => {
      const renamedCredential = { ...base.inputs, credentials: { action: [item('api-key', 'string', { value: 'diff-secret' }, 'other-name')] } };
      assert.deepEqual((await connection.diff(base.id, base.outs, renamedCredential)).replaces, ['credentials']);
      const schemeChange = { ...base.inputs, credentials: { action: [item('hmac', 'string', { value: 'diff-secret' })] } };
      const schemeDiff = await connection.diff(base.id, base.outs, schemeChange);
      assert.equal(schemeDiff.detailedDiff['credentials.action[0].authSchemeConfig.schemeType'], 'update-replace');
      const added = { ...base.inputs, credentials: { action: [item('api-key', 'string', { value: 'diff-secret' })], trigger: [item('none', 'none', {})] } };
      assert.deepEqual((await connection.diff(base.id, base.outs, added)).replaces, ['credentials']);
      const moved = await connection.diff(base.id, base.outs, { ...base.inputs, connectorId: UNKNOWN });
      assert.deepEqual(moved.replaces, ['connectorId']);
      assert.equal(moved.deleteBeforeReplace, true, 'an unknown connector may be the same one');
    });

    it('reports an update, not a replace, for a rename, variables, or another config of the same scheme type', async () => {
      const diff = await connection.diff(base.id, base.outs, {
        ...base.inputs,
        name: 'diff-base-2',
        variables: [{ name: 'x', value: '1' }],
        credentials: { action: [item('api-key-2', 'string', { value: 'diff-secret' })] },
      });
      assert.deepEqual(diff.replaces, []);
      assert.deepEqual(diff.detailedDiff, { name: 'update', variables: 'update', 'credentials.action[0].authSchemeConfig': 'update' });
    });

    it('reports a replace when the credential data is unknown during preview', async () => {
      const news = { ...base.inputs, credentials: { action: [{ authSchemeConfig: configs['api-key'], credential: { name: 'string-cred', type: 'string', data: UNKNOWN } }] } };
      const diff = await connection.diff(base.id, base.outs, news);
      assert.deepEqual(diff.replaces, ['credentials']);
    });
  });

  describe('update', () => {
    it('renames and sets variables with one PUT', async () => {
      const created = await createResource('connection', apiKeyConnection('upd-1'));
      h.resetRequests();
      const updated = await updateResource('connection', created.id, created, { ...created.inputs, name: 'upd-1b', variables: [{ name: 'k', value: 'v' }] });
      assert.equal(h.requestCount(), 1);
      const held = await platform(created.id);
      assert.equal(held.name, 'upd-1b');
      assert.deepEqual(held.variables, [{ name: 'k', value: 'v' }]);
      assert.equal(updated.outs.name, 'upd-1b');
      assert.equal((await connection.diff(created.id, updated.outs, updated.inputs)).changes, false);
    });

    it('switches a credential to another config of the same scheme type, keeping the credential', async () => {
      const created = await createResource('connection', apiKeyConnection('upd-2'));
      const before = await platform(created.id);
      const updated = await updateResource('connection', created.id, created, {
        ...created.inputs,
        credentials: { action: [item('api-key-2', 'string', { value: 'key-value-1' })] },
      });
      const held = await platform(created.id);
      assert.equal(held.credentials.action?.[0].authSchemeConfig.id, configs['api-key-2'].id);
      assert.equal(held.credentials.action?.[0].credential.id, before.credentials.action?.[0].credential.id);
      assert.equal(updated.diff.replaces.length, 0);
    });
  });

  describe('read', () => {
    it('refresh keeps secret data from state, so no diff is invented', async () => {
      const created = await createResource('connection', {
        connectorId,
        name: 'read-1',
        variables: [{ name: 'mine', value: '1' }],
        credentials: { action: [item('basic-auth', 'basic-auth', { username: 'u', password: 'read-secret' })], trigger: [item('oauth2', 'oauth2-code', { code: 'c', state: 's' })] },
      });
      const read = await connection.read(created.id, created.outs);
      assert.equal(read.id, created.id);
      const credentials = read.props?.credentials as { action: Array<{ credential: { data: Props } }> };
      assert.equal(credentials.action[0].credential.data.password, 'read-secret');
      assert.equal((await connection.diff(created.id, read.props ?? {}, created.inputs)).changes, false);
    });

    it('refresh reports an out-of-band rename and variable change', async () => {
      const created = await createResource('connection', { ...apiKeyConnection('read-2'), variables: [{ name: 'a', value: '1' }] });
      const [cid, connId] = created.id.split('/');
      await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors/${cid}/connections/${connId}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${h.emulator.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: connId, name: 'read-2-elsewhere', variables: [{ name: 'a', value: '2' }] }),
      });
      const read = await connection.read(created.id, created.outs);
      const diff = await connection.diff(created.id, read.props ?? {}, created.inputs);
      assert.deepEqual(diff.detailedDiff, { name: 'update', variables: 'update' });
      assert.deepEqual(diff.replaces, []);
    });

    it('imports a connection; with the same non-secret inputs the program shows no diff', async () => {
      const created = await createResource('connection', apiKeyConnection('import-1', 'import-secret'));
      const read = await connection.read(created.id, undefined);
      assert.equal(read.inputs?.name, 'import-1');
      assert.ok(!JSON.stringify(read.props).includes('import-secret'));
      const imported = read.inputs?.credentials as { action: Array<{ credential: { data: Props } }> };
      assert.deepEqual(imported.action[0].credential.data, {}, 'a secret as read back ("") never becomes an input');
      const checked = await connection.check(read.inputs ?? {}, apiKeyConnection('import-1', 'import-secret'));
      assert.deepEqual(checked.failures, []);
      assert.equal((await connection.diff(created.id, read.props ?? {}, checked.inputs ?? {})).changes, false);
    });

    it('returns an empty id when the connection is gone', async () => {
      const created = await createResource('connection', apiKeyConnection('read-gone'));
      await connection.delete(created.id, created.outs);
      assert.equal((await connection.read(created.id, created.outs)).id, '');
    });
  });

  describe('adoption (adoptId)', () => {
    it('adopts an existing connection with matching credentials, renaming it in place', async () => {
      const existing = await createResource('connection', apiKeyConnection('adopt-me'));
      const connId = String(existing.outs.connectionId);
      const adopted = await createResource('connection', { ...apiKeyConnection('adopted'), adoptId: connId });
      assert.equal(adopted.id, existing.id);
      assert.equal((await platform(adopted.id)).name, 'adopted');
      assert.equal((await connection.diff(adopted.id, adopted.outs, adopted.inputs)).changes, false);
    });

    it('adopts a connection whose name has outer spaces under that name, without a write', async () => {
      const existing = await createResource('connection', apiKeyConnection(' spaced prod '));
      h.resetRequests();
      const adopted = await createResource('connection', { ...apiKeyConnection(' spaced prod '), adoptId: existing.outs.connectionId });
      assert.deepEqual([h.requests.filter((l) => /^versori: (PUT|POST|DELETE) /.test(l)), (await platform(adopted.id)).name], [[], ' spaced prod ']);
    });

    it('refuses to adopt a connection whose credentials differ, saying what exists', async () => {
      const existing = await createResource('connection', apiKeyConnection('adopt-differs'));
      const checked = await connection.check({}, {
        connectorId,
        name: 'adopt-differs',
        credentials: { action: [item('none', 'none', {})] },
        adoptId: existing.outs.connectionId,
      });
      await expectRejection(connection.create(checked.inputs ?? {}), /cannot adopt connection .* named "adopt-differs" with credentials action: string-cred \(string\)/);
    });
  });

  describe('delete', () => {
    it('explains a 412 while in use, and deletes with forceDelete', async () => {
      const created = await createResource('connection', apiKeyConnection('del-inuse'));
      const connId = created.id.split('/')[1];
      h.emulator.markInUse(connectorId, connId);
      const error = await expectRejection(connection.delete(created.id, created.outs), /in use by another product.*forceDelete: true/);
      assert.match(error.message, /412/);
      await connection.delete(created.id, { ...created.outs, forceDelete: true });
      assert.equal((await connection.read(created.id, created.outs)).id, '');
      await connection.delete(created.id, created.outs);
    });

    it('a replacement under the same name succeeds when the old one is deleted first', async () => {
      const created = await createResource('connection', apiKeyConnection('dbr', 'old-secret'));
      const news = apiKeyConnection('dbr', 'new-secret');
      const diff = await connection.diff(created.id, created.outs, news);
      assert.equal(diff.deleteBeforeReplace, true);
      await expectRejection(createResource('connection', news), /already exists/);
      await connection.delete(created.id, created.outs);
      const replacement = await createResource('connection', news);
      assert.notEqual(replacement.id, created.id);
    });
  });

  it('a state another release wrote: an update names the computed output it lacks (or holds of another type) and sends nothing; a refresh restores it', async () => {
    const created = await createResource('connection', apiKeyConnection('old-state'));
    const c: OldStateCase = {
      kind: 'connection',
      kindName: 'Connection',
      computed: ConnectionComputed,
      id: created.id,
      outs: created.outs,
      news: { ...created.inputs, name: 'old-state-renamed', credentials: { action: [item('api-key-2', 'string', { value: 'key-value-1' })] } },
      wrongTypes: { connectionId: 7, appliedCredentials: 'action' },
    };
    await assertUpdateRefused(h, c);
    // The ids of the applied credentials go into the update's request: one of another type is named, down to its place.
    const applied = { action: [{ ...(c.outs.appliedCredentials as { action: Props[] }).action[0], id: 12 }] };
    h.resetRequests();
    await expectRejection(connection.update(c.id, { ...c.outs, appliedCredentials: applied }, c.news), oldStateRefusal('Connection', 'holds', 'appliedCredentials.action[0].id'));
    assert.deepEqual(h.requests, []);
    await assertRefreshRecovers(h, c);
  });
});
