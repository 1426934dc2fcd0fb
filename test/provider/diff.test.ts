import { strict as assert } from 'node:assert';
import { containsUnknown, deepEqual, UNKNOWN } from '../../provider/diff';
import { diffConnection } from '../../provider/connection/inputs';
import { diffAuthSchemeConfig } from '../../provider/auth-scheme-config/inputs';
import { diffConnector } from '../../provider/connector/inputs';

describe('provider/diff', () => {
  it('compares structurally, ignoring key order and undefined properties', () => {
    assert.ok(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined }));
    assert.ok(!deepEqual([1, 2], [2, 1]));
    assert.ok(containsUnknown({ a: [{ b: UNKNOWN }] }));
    assert.ok(!containsUnknown({ a: ['x'] }));
  });

  describe('connector', () => {
    const olds = { name: 'c', baseUrl: 'https://a.example.com', public: false, tags: {}, connectorId: 'X', updatedAt: 't' };

    it('ignores computed outputs and defaults', () => {
      assert.equal(diffConnector(olds, { name: 'c', baseUrl: 'https://a.example.com' }).changes, false);
    });

    it('reports an unknown value as a change, and an unknown protocol as a replace', () => {
      assert.deepEqual(diffConnector(olds, { name: UNKNOWN, baseUrl: 'https://a.example.com' }).detailedDiff, { name: 'update' });
      const diff = diffConnector(olds, { name: 'c', baseUrl: 'https://a.example.com', protocol: UNKNOWN });
      assert.deepEqual(diff.replaces, ['protocol']);
    });

    it('does not manage connectionVariables the program leaves out', () => {
      const withVars = { ...olds, connectionVariables: [{ name: 'a', value: '1' }] };
      assert.equal(diffConnector(withVars, { name: 'c', baseUrl: 'https://a.example.com' }).changes, false);
      assert.deepEqual(diffConnector(withVars, { name: 'c', baseUrl: 'https://a.example.com', connectionVariables: [] }).detailedDiff, {
        connectionVariables: 'update',
      });
    });
  });

  describe('auth scheme config', () => {
    const olds = {
      connectorId: 'C',
      authSchemeConfigId: 'A',
      schemeType: 'oauth2',
      description: 'd',
      grant: { grantType: 'password', clientId: 'c', clientSecret: 's' },
      credentialId: 'K',
    };

    it('compares the client secret with the last applied inputs', () => {
      assert.equal(diffAuthSchemeConfig(olds, { ...olds, credentialId: undefined }).changes, false);
      const changed = diffAuthSchemeConfig(olds, { ...olds, grant: { ...olds.grant, clientSecret: 't' } });
      assert.deepEqual(changed.detailedDiff, { grant: 'update' });
      assert.deepEqual(changed.replaces, []);
    });

    it('does not report a secret that state never held (imported) as a change', () => {
      const imported = { ...olds, grant: { grantType: 'password', clientId: 'c' } };
      assert.equal(diffAuthSchemeConfig(imported, olds).changes, false);
    });

    it('treats a scheme type change as an update, and the connector or id as replaces', () => {
      assert.deepEqual(diffAuthSchemeConfig(olds, { ...olds, schemeType: 'none', grant: undefined }).replaces, []);
      assert.deepEqual(diffAuthSchemeConfig(olds, { ...olds, authSchemeConfigId: 'B', connectorId: 'D' }).replaces.sort(), ['authSchemeConfigId', 'connectorId']);
    });
  });

  describe('connection', () => {
    const ref = { id: 'A', schemeType: 'api-key', description: 'k', name: 'X', in: 'header' };
    const olds = {
      connectorId: 'C',
      name: 'prod',
      credentials: { action: [{ authSchemeConfig: ref, credential: { name: 'k', type: 'string', data: { value: 'v' } } }] },
    };

    it('reports no change for the same inputs', () => {
      assert.equal(diffConnection(olds, olds).changes, false);
    });

    it('never reports the declared scheme types (only check reads them; states written before them lack them)', () => {
      const declaring = { ...olds, declaredSchemeTypes: { action: ['api-key'] } };
      assert.equal(diffConnection(olds, declaring).changes, false);
      assert.equal(diffConnection(declaring, { ...olds, declaredSchemeTypes: { action: [null] } }).changes, false);
    });

    it('replaces on an unknown auth scheme config (its scheme type may change), deleting first under the same name', () => {
      const news = { ...olds, credentials: { action: [{ authSchemeConfig: UNKNOWN, credential: olds.credentials.action[0].credential }] } };
      const diff = diffConnection(olds, news);
      assert.deepEqual(diff.replaces, ['credentials']);
      assert.equal(diff.deleteBeforeReplace, true);
    });

    it('updates in place when only non-scheme-type fields of the config change', () => {
      const news = { ...olds, credentials: { action: [{ authSchemeConfig: { ...ref, description: 'new' }, credential: olds.credentials.action[0].credential }] } };
      assert.deepEqual(diffConnection(olds, news).detailedDiff, { 'credentials.action[0].authSchemeConfig': 'update' });
    });

    it('does not report redacted data the state does not hold (imported) as a change', () => {
      const imported = { ...olds, credentials: { action: [{ authSchemeConfig: ref, credential: { name: 'k', type: 'string', data: {} } }] } };
      assert.equal(diffConnection(imported, olds).changes, false);
    });

    it('a removed trigger list replaces', () => {
      const withTrigger = { ...olds, credentials: { ...olds.credentials, trigger: olds.credentials.action } };
      assert.deepEqual(diffConnection(withTrigger, olds).detailedDiff, { 'credentials.trigger': 'delete-replace' });
    });
  });
});

describe('provider/diff on values nested deeper than the stack goes', () => {
  const nested = (levels: number, leaf: unknown): unknown => {
    let value = leaf;
    for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { v: value };
    return value;
  };

  it('compares and searches them without recursion', () => {
    assert.equal(deepEqual(nested(100_000, 'a'), nested(100_000, 'a')), true);
    assert.equal(deepEqual(nested(100_000, 'a'), nested(100_000, 'b')), false);
    assert.equal(containsUnknown(nested(100_000, UNKNOWN)), true);
    assert.equal(containsUnknown(nested(100_000, 'known')), false);
  });
});
