import { strict as assert } from 'node:assert';
import { AuthSchemeConfig as ApiAuthSchemeConfig, Connector as ApiConnector, ULID_PATTERN } from '../../api/schemas';
import { newUlid } from '../../provider/new-id';
import { AuthSchemeConfigComputed, authSchemeConfigFields } from '../../provider/auth-scheme-config/inputs';
import { DERIVED_PLACEHOLDER } from '../../provider/validation';
import { assertDocumented } from '../support/docs';
import { createConnector, createResource, Harness, Props, providers, startHarness, updateResource } from '../support/provider-harness';
import { assertRefreshRecovers, assertUpdateRefused, type OldStateCase } from '../support/old-state';
import { outsideClient, sentOperations } from '../support/version-harness';

const asc = providers.authSchemeConfig;
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

const oauth2 = (grant: Props): Props => ({
  schemeType: 'oauth2',
  description: 'OAuth',
  authorizeUrl: 'https://auth.example.com/authorize',
  tokenUrl: 'https://auth.example.com/token',
  scopes: [{ name: 'read' }],
  defaultScopes: ['read'],
  grant,
});

describe('provider/auth-scheme-config', () => {
  let h: Harness;
  let connectorId: string;
  before(async () => {
    h = await startHarness();
    connectorId = (await createConnector('asc-host')).id;
  });
  after(async () => {
    await h.stop();
  });
  beforeEach(() => {
    h.setFaults(null);
    h.resetRequests();
  });

  async function held(): Promise<ApiConnector> {
    const res = await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors/${connectorId}`, {
      headers: { Authorization: `Bearer ${h.emulator.token}` },
    });
    return ApiConnector.parse(await res.json());
  }

  it("docs/resources.md's input table lists every declared input, with its replace rule and secrecy", () => {
    assertDocumented('AuthSchemeConfig', authSchemeConfigFields);
  });

  describe('check', () => {
    it('generates a ULID when none is given, keeps it on later checks, and sends nothing', async () => {
      const first = await asc.check({}, { connectorId, schemeType: 'none', description: 'n' });
      assert.deepEqual(first.failures, []);
      const id = first.inputs?.authSchemeConfigId;
      assert.match(String(id), ULID_PATTERN);
      const second = await asc.check(first.inputs ?? {}, { connectorId, schemeType: 'none', description: 'changed' });
      assert.equal(second.inputs?.authSchemeConfigId, id);
      assert.equal(h.requestCount(), 0);
    });

    it('replaces the placeholder the class registers under config (known or not) with the config, and refuses any other value', async () => {
      for (const placeholder of [DERIVED_PLACEHOLDER, UNKNOWN]) {
        const result = await asc.check({}, { connectorId, schemeType: 'api-key', description: 'k', name: 'X-Key', in: 'header', config: placeholder });
        assert.deepEqual(result.failures, []);
        assert.deepEqual(result.inputs?.config, { id: result.inputs?.authSchemeConfigId, description: 'k', schemeType: 'api-key', name: 'X-Key', in: 'header' });
      }
      const given = await asc.check({}, { connectorId, schemeType: 'none', description: 'n', config: { schemeType: 'none' } });
      assert.deepEqual((given.failures ?? []).map((f) => f.property), ['config']);
    });

    it('accepts ULIDs in lower case and hands them on in upper case, as the platform writes them', async () => {
      const configId = '01jb00000000000000000000ak';
      const result = await asc.check({}, {
        connectorId: connectorId.toLowerCase(),
        authSchemeConfigId: configId,
        ...oauth2({ grantType: 'password', credentialId: '01jb0000000000000000000cr1', organisationId: '01jb0000000000000000000abc' }),
      });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs?.connectorId, connectorId);
      assert.equal(result.inputs?.authSchemeConfigId, configId.toUpperCase());
      assert.deepEqual(result.inputs?.grant, { grantType: 'password', credentialId: '01JB0000000000000000000CR1', organisationId: '01JB0000000000000000000ABC' });
      assert.equal((result.inputs?.config as Props).id, configId.toUpperCase());
      const created = await createResource('authSchemeConfig', { connectorId: connectorId.toLowerCase(), authSchemeConfigId: configId, schemeType: 'none', description: 'lower' });
      assert.equal(created.id, `${connectorId}/${configId.toUpperCase()}`);
      assert.ok((await held()).authSchemeConfigs.some((c) => c.id === configId.toUpperCase()));
    });

    it('computes the wire config (without the client secret) so it is known during preview', async () => {
      const result = await asc.check({}, { connectorId, description: 'o', ...oauth2({ grantType: 'password', clientId: 'c', clientSecret: 's3cr3t' }) });
      const config = result.inputs?.config as Props;
      assert.equal(config.schemeType, 'oauth2');
      assert.equal(config.id, result.inputs?.authSchemeConfigId);
      assert.ok(!JSON.stringify(config).includes('s3cr3t'));
    });

    it('hands a key name on exactly as written, outer spaces included, and refuses a blank one', async () => {
      const spaced = await asc.check({}, { connectorId, schemeType: 'api-key', description: 'k', name: ' X-Key ', in: 'header' });
      assert.deepEqual([spaced.failures, spaced.inputs?.name], [[], ' X-Key ']);
      const created = await createResource('authSchemeConfig', { connectorId, schemeType: 'api-key', description: 'k', name: ' X-Key ', in: 'header' });
      const config = (await held()).authSchemeConfigs.find((c) => c.id === created.outs.authSchemeConfigId);
      assert.equal(config?.schemeType === 'api-key' ? config.name : undefined, ' X-Key ', 'create sends it so');
      const blank = await asc.check({}, { connectorId, schemeType: 'api-key', description: 'k', name: '  ', in: 'header' });
      assert.deepEqual(blank.failures?.map((f) => f.property), ['name']);
    });

    it('names the property for api-key and hmac configs missing in/name', async () => {
      const apiKey = await asc.check({}, { connectorId, schemeType: 'api-key', description: 'k', name: 'X-Key' });
      assert.deepEqual(apiKey.failures?.map((f) => f.property), ['in']);
      const hmac = await asc.check({}, { connectorId, schemeType: 'hmac', description: 'h', in: 'header', algorithm: 'md5', digestInputs: ['body'] });
      assert.deepEqual(hmac.failures?.map((f) => f.property).sort(), ['algorithm', 'name']);
    });

    it('rejects oauth2 without a token URL or with an invalid grant', async () => {
      const { tokenUrl: _t, ...noToken } = oauth2({ grantType: 'client_credentials' });
      const missing = await asc.check({}, { connectorId, ...noToken });
      assert.deepEqual(missing.failures?.map((f) => f.property), ['tokenUrl']);
      const grant = await asc.check({}, { connectorId, ...oauth2({ grantType: 'implicit' }) });
      assert.deepEqual(grant.failures?.map((f) => f.property), ['grant.grantType']);
    });

    it('rejects unsupported and unknown scheme types, and ids that are not ULIDs', async () => {
      const jwt = await asc.check({}, { connectorId, schemeType: 'jwt-bearer', description: 'j' });
      assert.equal(jwt.failures?.[0]?.property, 'schemeType');
      assert.match(jwt.failures?.[0]?.reason ?? '', /cannot be managed/);
      const bogus = await asc.check({}, { connectorId, schemeType: 'magic', description: 'm' });
      assert.equal(bogus.failures?.[0]?.property, 'schemeType');
      const badIds = await asc.check({}, { connectorId: 'nope', authSchemeConfigId: 'short', schemeType: 'none', description: 'n' });
      assert.deepEqual(badIds.failures?.map((f) => f.property).sort(), ['authSchemeConfigId', 'connectorId']);
    });

    it('accepts unknown values, including an unknown scheme type', async () => {
      const result = await asc.check({}, { connectorId: UNKNOWN, schemeType: UNKNOWN, description: UNKNOWN });
      assert.deepEqual(result.failures, []);
      const partly = await asc.check({}, { connectorId, description: 'o', ...oauth2(UNKNOWN as unknown as Props), tokenUrl: UNKNOWN });
      assert.deepEqual(partly.failures, []);
    });
  });

  describe('create, one per scheme type', () => {
    const variants: Array<[string, Props]> = [
      ['none', { schemeType: 'none' }],
      ['api-key', { schemeType: 'api-key', name: 'X-API-Key', in: 'header' }],
      ['basic-auth', { schemeType: 'basic-auth' }],
      ['certificate', { schemeType: 'certificate' }],
      ['hmac', { schemeType: 'hmac', name: 'X-Sig', in: 'header', algorithm: 'sha256', digestInputs: ['body', 'url'] }],
      ['oauth2 client_credentials', oauth2({ grantType: 'client_credentials' })],
    ];
    for (const [label, fields] of variants) {
      it(`creates ${label} with one upsert (no read: the id check made names nothing yet) and resource id <connectorId>/<configId>`, async () => {
        const created = await createResource('authSchemeConfig', { connectorId, ...fields, description: label });
        assert.deepEqual(sentOperations(h), ['UpsertAuthSchemeConfig']);
        const configId = String(created.outs.authSchemeConfigId);
        assert.equal(created.id, `${connectorId}/${configId}`);
        const config = (await held()).authSchemeConfigs.find((c) => c.id === configId);
        assert.equal(config?.schemeType, fields.schemeType);
        assert.equal(config?.description, label);
        assert.equal((created.outs.config as Props).id, configId);
      });
    }

    for (const grantType of ['authorization_code', 'password']) {
      it(`creates oauth2 ${grantType}, keeps the credential ids, and keeps the client secret out of the config output`, async () => {
        const created = await createResource('authSchemeConfig', {
          connectorId,
          ...oauth2({ grantType, clientId: 'client-1', clientSecret: 'very-secret-1' }),
        });
        assert.match(String(created.outs.credentialId), ULID_PATTERN);
        assert.equal(created.outs.credentialOrganisationId, h.emulator.organisationId);
        assert.ok(!JSON.stringify(created.outs.config).includes('very-secret-1'));
        assert.equal((created.outs.grant as Props).clientSecret, 'very-secret-1', 'the applied secret stays in (secret) state for diffs');
      });
    }
  });

  describe('diff and update', () => {
    it('updates the description in place with one upsert', async () => {
      const created = await createResource('authSchemeConfig', { connectorId, schemeType: 'api-key', description: 'v1', name: 'K', in: 'header' });
      h.resetRequests();
      const updated = await updateResource('authSchemeConfig', created.id, created, { ...created.inputs, description: 'v2', config: undefined });
      assert.deepEqual(updated.diff.detailedDiff, { description: 'update' });
      assert.equal(h.requestCount(), 1);
      assert.equal((await held()).authSchemeConfigs.find((c) => c.id === created.outs.authSchemeConfigId)?.description, 'v2');
    });

    it('changes the scheme type in place (upsert replaces), keeping the id', async () => {
      const created = await createResource('authSchemeConfig', { connectorId, schemeType: 'none', description: 'st' });
      const news = { connectorId, authSchemeConfigId: created.outs.authSchemeConfigId, schemeType: 'basic-auth', description: 'st' };
      const updated = await updateResource('authSchemeConfig', created.id, created, news);
      assert.equal(updated.diff.replaces.length, 0);
      const config = (await held()).authSchemeConfigs.find((c) => c.id === created.outs.authSchemeConfigId);
      assert.equal(config?.schemeType, 'basic-auth');
    });

    it('replaces when the connector changes', async () => {
      const created = await createResource('authSchemeConfig', { connectorId, schemeType: 'none', description: 'move' });
      const other = await createConnector('asc-other');
      const diff = await asc.diff(created.id, created.outs, { ...created.inputs, connectorId: other.id });
      assert.deepEqual(diff.replaces, ['connectorId']);
      const unknown = await asc.diff(created.id, created.outs, { ...created.inputs, connectorId: UNKNOWN });
      assert.deepEqual(unknown.replaces, ['connectorId']);
    });

    it('compares the client secret with the last applied one, and merges updates into the same credential', async () => {
      const created = await createResource('authSchemeConfig', {
        connectorId,
        ...oauth2({ grantType: 'authorization_code', clientId: 'c', clientSecret: 'first' }),
      });
      const same = await asc.diff(created.id, created.outs, created.inputs);
      assert.equal(same.changes, false);
      const { config: _computed, ...inputs } = created.inputs;
      const news = { ...inputs, grant: { grantType: 'authorization_code', clientId: 'c', clientSecret: 'second' } };
      const updated = await updateResource('authSchemeConfig', created.id, created, news);
      assert.deepEqual(updated.diff.detailedDiff, { grant: 'update' });
      assert.equal(updated.outs.credentialId, created.outs.credentialId, 'the update merged into the existing credential');
    });
  });

  describe('adoption (the authSchemeConfigId of an existing config, what the import option sets)', () => {
    const grant = { grantType: 'authorization_code', clientId: 'client-a', clientSecret: 'held-secret' };

    /** A config made outside Pulumi; returns its id, with the requests so far forgotten. */
    async function outside(fields: Props): Promise<string> {
      const id = newUlid();
      await outsideClient(h).upsertAuthSchemeConfig(connectorId, { id, ...fields } as ApiAuthSchemeConfig, 'outside');
      h.resetRequests();
      return id;
    }

    async function storeText(): Promise<string> {
      const res = await fetch(`${h.emulator.origin}/_emulator/store`, { headers: { Authorization: `Bearer ${h.emulator.token}` } });
      return res.text();
    }

    it('adopts an identical config with the connector read only: no upsert', async () => {
      const fields = { schemeType: 'hmac', description: 'same', name: 'X-Sig', in: 'header', algorithm: 'sha256', digestInputs: ['body', 'url'] };
      const id = await outside(fields);
      const adopted = await createResource('authSchemeConfig', { connectorId, authSchemeConfigId: id, ...fields });
      assert.deepEqual(sentOperations(h), ['GetConnector']);
      assert.equal(adopted.id, `${connectorId}/${id}`);
      assert.equal((await asc.diff(adopted.id, adopted.outs, adopted.inputs)).changes, false);
    });

    it('adopts an identical OAuth 2.0 config without writing the declared client secret: recorded as given, the held one kept', async () => {
      const id = await outside(oauth2(grant));
      const declared = oauth2({ ...grant, clientSecret: 'declared-secret' });
      const adopted = await createResource('authSchemeConfig', { connectorId, authSchemeConfigId: id, ...declared });
      assert.deepEqual(sentOperations(h), ['GetConnector']);
      assert.equal((adopted.outs.grant as Props).clientSecret, 'declared-secret');
      assert.match(String(adopted.outs.credentialId), ULID_PATTERN);
      const store = await storeText();
      assert.ok(store.includes('held-secret') && !store.includes('declared-secret'), 'the credential still holds its own secret');
    });

    it('brings a config that differs to the inputs with exactly one upsert, merged into the credential it has (its secret kept)', async () => {
      const id = await outside(oauth2(grant));
      const before = (await held()).authSchemeConfigs.find((c) => c.id === id);
      h.resetRequests();
      const declared = { ...oauth2({ ...grant, clientSecret: 'declared-secret' }), description: 'brought to the inputs' };
      const adopted = await createResource('authSchemeConfig', { connectorId, authSchemeConfigId: id, ...declared });
      assert.deepEqual(sentOperations(h), ['GetConnector', 'UpsertAuthSchemeConfig']);
      const after = (await held()).authSchemeConfigs.find((c) => c.id === id);
      assert.equal(after?.description, 'brought to the inputs');
      const credentialOf = (config: ApiAuthSchemeConfig | undefined) => (config?.schemeType === 'oauth2' && config.grant.grantType !== 'client_credentials' ? config.grant.credentialId : undefined);
      assert.equal(credentialOf(after), credentialOf(before));
      assert.equal(adopted.outs.credentialId, credentialOf(before));
      const store = await storeText();
      assert.ok(store.includes('held-secret') && !store.includes('declared-secret'));
      const apiKey = await outside({ schemeType: 'api-key', description: 'k', name: 'X-Old', in: 'header' });
      await createResource('authSchemeConfig', { connectorId, authSchemeConfigId: apiKey, schemeType: 'api-key', description: 'k', name: 'X-New', in: 'header' });
      assert.deepEqual(sentOperations(h), ['GetConnector', 'UpsertAuthSchemeConfig']);
      const key = (await held()).authSchemeConfigs.find((c) => c.id === apiKey);
      assert.equal(key?.schemeType === 'api-key' ? key.name : undefined, 'X-New');
    });
  });

  describe('read', () => {
    it('refresh keeps the client secret from state and reports an out-of-band change', async () => {
      const created = await createResource('authSchemeConfig', {
        connectorId,
        ...oauth2({ grantType: 'password', clientId: 'c', clientSecret: 'keep-me' }),
      });
      const same = await asc.read(created.id, created.outs);
      assert.equal(((same.props ?? {}).grant as Props).clientSecret, 'keep-me');
      assert.equal((await asc.diff(created.id, same.props ?? {}, created.inputs)).changes, false);
      const configId = String(created.outs.authSchemeConfigId);
      const body = { ...(created.outs.config as Props), description: 'changed elsewhere' };
      await fetch(`${h.emulator.baseUrl}/o/${h.emulator.organisationId}/connectors/${connectorId}/auth-scheme-configs/${configId}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${h.emulator.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const drifted = await asc.read(created.id, created.outs);
      assert.equal(drifted.props?.description, 'changed elsewhere');
      assert.deepEqual((await asc.diff(created.id, drifted.props ?? {}, created.inputs)).detailedDiff, { description: 'update' });
    });

    it('a refresh of an unchanged config records exactly the inputs check gave it: config kept, no empty scopes added', async () => {
      const declared = [
        { connectorId, schemeType: 'oauth2', description: 'bare', authorizeUrl: 'https://a.example.com/a', tokenUrl: 'https://a.example.com/t', grant: { grantType: 'client_credentials' } },
        { connectorId, schemeType: 'api-key', description: 'key', name: 'X-Key', in: 'header' },
      ];
      for (const inputs of declared) {
        const created = await createResource('authSchemeConfig', inputs);
        const refreshed = await asc.read(created.id, created.outs);
        const { __provider: _provider, ...checked } = created.inputs;
        assert.deepEqual(refreshed.inputs, checked, `${String(inputs.schemeType)}: the engine would see drift`);
      }
    });

    it('imports a config so that the equivalent program shows no diff', async () => {
      const created = await createResource('authSchemeConfig', { connectorId, schemeType: 'hmac', description: 'imp', name: 'S', in: 'query', algorithm: 'sha1', digestInputs: ['url'] });
      const read = await asc.read(created.id, undefined);
      assert.equal(read.id, created.id);
      assert.equal(read.inputs?.authSchemeConfigId, created.outs.authSchemeConfigId);
      const program = { connectorId, schemeType: 'hmac', description: 'imp', name: 'S', in: 'query', algorithm: 'sha1', digestInputs: ['url'] };
      const checked = await asc.check(read.inputs ?? {}, program);
      assert.equal(checked.inputs?.authSchemeConfigId, created.outs.authSchemeConfigId);
      assert.equal((await asc.diff(created.id, read.props ?? {}, checked.inputs ?? {})).changes, false);
    });

    it('returns an empty id once the config or its connector is gone', async () => {
      const created = await createResource('authSchemeConfig', { connectorId, schemeType: 'none', description: 'gone' });
      await asc.delete(created.id, created.outs);
      assert.equal((await asc.read(created.id, created.outs)).id, '');
      const lonely = await createConnector('asc-lonely');
      const child = await createResource('authSchemeConfig', { connectorId: lonely.id, schemeType: 'none', description: 'x' });
      await providers.connector.delete(lonely.id, { ...lonely.outs, forceDelete: true });
      assert.equal((await asc.read(child.id, child.outs)).id, '');
    });
  });

  describe('delete', () => {
    it('removes the config and treats an absent one as deleted', async () => {
      const created = await createResource('authSchemeConfig', { connectorId, schemeType: 'basic-auth', description: 'del' });
      await asc.delete(created.id, created.outs);
      assert.equal((await held()).authSchemeConfigs.some((c) => c.id === created.outs.authSchemeConfigId), false);
      await asc.delete(created.id, created.outs);
    });

    it('a refused delete says what to do, never to set forceDelete (a config has no such input)', async () => {
      const created = await createResource('authSchemeConfig', { connectorId, schemeType: 'basic-auth', description: 'kept' });
      h.setFaults({ errorRate: 1, statuses: [409] });
      try {
        await assert.rejects(asc.delete(created.id, created.outs), (error: Error) => {
          assert.match(error.message, /is in use, so Versori refused to delete it \(409: injected fault\)\. Stop what uses it first, then delete again\./);
          assert.doesNotMatch(error.message, /forceDelete/);
          return true;
        });
      } finally {
        h.setFaults(null);
      }
    });
  });

  it('a state another release wrote: an update names the computed output it lacks (or holds of another type) and sends nothing; a refresh restores it', async () => {
    const created = await createResource('authSchemeConfig', { connectorId, schemeType: 'api-key', description: 'old-state', name: 'X-Key', in: 'header' });
    const c: OldStateCase = {
      kind: 'authSchemeConfig',
      kindName: 'AuthSchemeConfig',
      computed: AuthSchemeConfigComputed,
      id: created.id,
      outs: created.outs,
      news: { ...created.inputs, description: 'old-state, described anew' },
      wrongTypes: { config: 'api-key', credentialId: 5 },
    };
    await assertUpdateRefused(h, c);
    await assertRefreshRecovers(h, c);
  });
});
