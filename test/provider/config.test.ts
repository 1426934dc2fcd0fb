import { strict as assert } from 'node:assert';
import { PRODUCTION_BASE_URL } from '../../api/schemas';
import { ENV_VARS, resolveSettings, resolveTuning, stackSettingsFrom, validateBaseUrl, VersoriConfigError } from '../../provider/config';
import { clientOptionsOf } from '../../provider/context';
import { connector as dynamicConnector } from '../../provider/dynamic-provider';
import { handlers } from '../../provider/handlers';
import { configure, currentContext } from '../../provider/runtime';
import { expectRejection, isolateEnvironment, stackConfig } from '../support/provider-harness';

describe('provider/config', () => {
  const stack = { token: 'stack-token', organisationId: 'stack-org', baseUrl: 'https://stack.example.com/api/connect/v1' };

  it('reads the versori:* keys of the stack configuration', () => {
    const settings = stackSettingsFrom(stackConfig({ 'versori:token': 't', 'versori:organisationId': 'o', 'versori:baseUrl': 'https://b.example.com' }));
    assert.deepEqual(settings, { token: 't', organisationId: 'o', baseUrl: 'https://b.example.com' });
  });

  it('uses the stack configuration when no environment variable is set', () => {
    assert.deepEqual(resolveSettings(stack, {}), stack);
  });

  it('lets VERSORI_TOKEN, VERSORI_ORGANISATION_ID and VERSORI_BASE_URL override the stack configuration', () => {
    const env = { VERSORI_TOKEN: 'env-token', VERSORI_ORGANISATION_ID: 'env-org', VERSORI_BASE_URL: 'http://127.0.0.1:9999/api/connect/v1/' };
    assert.deepEqual(resolveSettings(stack, env), { token: 'env-token', organisationId: 'env-org', baseUrl: 'http://127.0.0.1:9999/api/connect/v1' });
  });

  it('ignores empty environment variables', () => {
    assert.equal(resolveSettings(stack, { VERSORI_TOKEN: '  ' }).token, 'stack-token');
  });

  it('defaults the base URL to production', () => {
    assert.equal(resolveSettings({ token: 't', organisationId: 'o' }, {}).baseUrl, PRODUCTION_BASE_URL);
  });

  it('says how to set a missing token and organisation, without echoing any secret', () => {
    assert.throws(() => resolveSettings({}, {}), (error: Error) => {
      assert.ok(error instanceof VersoriConfigError);
      assert.match(error.message, /versori:token.*VERSORI_TOKEN.*versori:organisationId.*VERSORI_ORGANISATION_ID/);
      return true;
    });
    assert.throws(() => resolveSettings({ token: 'sekret-token' }, {}), (error: Error) => {
      assert.match(error.message, /organisation/);
      assert.doesNotMatch(error.message, /sekret-token/);
      return true;
    });
  });

  it('refuses a non-https base URL unless it is loopback', () => {
    assert.throws(() => validateBaseUrl('http://platform.example.com/api', 'versori:baseUrl'), /versori:baseUrl must use https/);
    assert.throws(() => validateBaseUrl('not a url', 'VERSORI_BASE_URL'), /VERSORI_BASE_URL is not a valid URL/);
    assert.throws(() => validateBaseUrl('https://user:pw@example.com', 'versori:baseUrl'), /must not carry credentials/);
    for (const ok of ['http://127.0.0.1:8080/x', 'http://localhost:1/x', 'http://[::1]:2/x', 'https://example.com/x']) {
      assert.doesNotThrow(() => validateBaseUrl(ok, 'versori:baseUrl'), ok);
    }
  });

  it('reads the tuning variables it names, ignoring empty or invalid values', () => {
    const env = { [ENV_VARS.timeoutMs]: '1500', [ENV_VARS.maxRetries]: '2', [ENV_VARS.logRequests]: 'true' };
    assert.deepEqual(resolveTuning(env), { timeoutMs: 1500, retries: 2, logRequests: true });
    assert.deepEqual(resolveTuning({ [ENV_VARS.timeoutMs]: ' ', [ENV_VARS.maxRetries]: '-1', [ENV_VARS.logRequests]: '0' }), {
      timeoutMs: undefined,
      retries: undefined,
      logRequests: false,
    });
    const options = clientOptionsOf(resolveTuning(env));
    assert.equal(options.timeoutMs, 1500);
    assert.deepEqual(options.retry, { retries: 2 });
    assert.equal(typeof options.log, 'function');
  });

  describe('through configure, as the dynamic provider does', () => {
    let env: { restore(): void };
    let sent = 0;
    const write = process.stderr.write.bind(process.stderr);
    const read = dynamicConnector.read!;
    before(() => {
      env = isolateEnvironment();
      process.env[ENV_VARS.logRequests] = '1';
      process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        if (String(chunk).startsWith('versori: ')) sent++;
        else return write(chunk, ...rest);
        return true;
      }) as typeof process.stderr.write;
    });
    after(async () => {
      process.stderr.write = write;
      await configure({ config: stackConfig({}) });
      env.restore();
    });

    it('fails a lifecycle call that needs the API with a configuration error before any request', async () => {
      await configure({ config: stackConfig({ 'versori:organisationId': 'org' }) });
      sent = 0;
      await expectRejection(read('01HF3Z6Q8W9V2T5K7M4N0PXYZA', { name: 'x' }), /not configured.*versori:token/);
      assert.equal(sent, 0);
    });

    it('check and diff work without any configuration', async () => {
      await configure({ config: stackConfig({}) });
      const checked = await handlers.connector.check({}, { name: 'c', baseUrl: 'https://a.example.com' });
      assert.deepEqual(checked.failures, []);
      const olds = { name: 'c', baseUrl: 'https://a.example.com' };
      const diff = await handlers.connector.diff('id', olds, { ...olds, name: 'd' });
      assert.deepEqual(diff.detailedDiff, { name: 'update' });
      assert.equal(diff.changes, undefined, 'left to the engine, which compares the inputs');
    });

    it('picks up the environment at call time, over the configured values', async () => {
      await configure({ config: stackConfig({ 'versori:token': 't', 'versori:organisationId': 'stack-org', 'versori:baseUrl': 'https://s.example.com' }) });
      assert.equal(currentContext().client.organisationId, 'stack-org');
      process.env.VERSORI_ORGANISATION_ID = 'env-org';
      process.env.VERSORI_BASE_URL = 'http://127.0.0.1:1/api/connect/v1';
      try {
        assert.equal(currentContext().client.organisationId, 'env-org');
        assert.equal(currentContext().client.baseUrl, 'http://127.0.0.1:1/api/connect/v1');
      } finally {
        delete process.env.VERSORI_ORGANISATION_ID;
        delete process.env.VERSORI_BASE_URL;
      }
    });

    it('logs each request it sends when VERSORI_LOG_REQUESTS is set (what the assertions above count)', async () => {
      await configure({ config: stackConfig({ 'versori:token': 't', 'versori:organisationId': 'o', 'versori:baseUrl': 'http://127.0.0.1:1' }) });
      process.env[ENV_VARS.maxRetries] = '0';
      sent = 0;
      try {
        await expectRejection(read('01HF3Z6Q8W9V2T5K7M4N0PXYZA', { name: 'x' }), /Could not reach Versori/);
      } finally {
        delete process.env[ENV_VARS.maxRetries];
      }
      assert.equal(sent, 1);
    });

    it('refuses an insecure base URL from configuration before any request', async () => {
      await configure({ config: stackConfig({ 'versori:token': 't', 'versori:organisationId': 'o', 'versori:baseUrl': 'http://evil.example.com' }) });
      sent = 0;
      await expectRejection(read('01HF3Z6Q8W9V2T5K7M4N0PXYZA', { name: 'x' }), /must use https/);
      assert.equal(sent, 0);
    });
  });
});
