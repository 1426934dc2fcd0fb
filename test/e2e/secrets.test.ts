// The token and every credential secret stay out of the state (export and backend files), out of the engine's logs
// at --logtostderr -v=9 (with the provider's request logging on), and out of error messages.
// The credentials come from the stack's secret config, as docs/recovery.md (Secrets) recommends: the engine masks
// secret config values in its logs, but prints secret values that exist only in the program (pulumi.secret('literal'))
// in its -v=9 RPC logs (upstream behaviour of MarshalProperties' logging).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { AuthSchemeConfig, Connection, Connector } from '../../provider';
import { ENV_VARS } from '../../provider/config';
import { runPulumi } from '../../scripts/engine';
import { failureOf, startEngineHarness, type EngineHarness } from '../support/engine-harness';
import { pem } from '../support/pem';

const SECRETS = {
  apiKey: 'sv-api-key-3c9f1e22',
  password: 'sv-basic-password-8d0b7a',
  grantClientSecret: 'sv-grant-client-secret-51f2',
  credentialClientSecret: 'sv-oauth-client-secret-a61c',
  // Certificate data must be PEM, whose body holds base64 characters only.
  certificateKey: 'svCertificatePrivateKey0e44',
  conflicting: 'sv-conflicting-secret-7b3d',
};

let withConflict = false;

const PROJECT = 'versori-e2e';

function program(): void {
  const config = new pulumi.Config();
  const secret = (key: keyof typeof SECRETS) => config.requireSecret(key);
  const crm = new Connector('crm', { name: 'secrets-crm', baseUrl: 'https://api.example-crm.com' });
  const apiKey = new AuthSchemeConfig('api-key', { connectorId: crm.id, schemeType: 'api-key', description: 'key', name: 'X-API-Key', in: 'header' });
  const basic = new AuthSchemeConfig('basic', { connectorId: crm.id, schemeType: 'basic-auth', description: 'basic' });
  const certificate = new AuthSchemeConfig('certificate', { connectorId: crm.id, schemeType: 'certificate', description: 'mtls' });
  const oauth = new AuthSchemeConfig('oauth', {
    connectorId: crm.id,
    schemeType: 'oauth2',
    description: 'code grant',
    authorizeUrl: 'https://auth.example-crm.com/authorize',
    tokenUrl: 'https://auth.example-crm.com/token',
    grant: secret('grantClientSecret').apply((clientSecret) => ({ grantType: 'authorization_code' as const, clientId: 'crm-app', clientSecret })),
  });
  new Connection('keyed', {
    connectorId: crm.id,
    name: 'keyed',
    credentials: { action: [{ authSchemeConfig: apiKey, credential: secret('apiKey').apply((value) => ({ name: 'key', type: 'string' as const, data: { value } })) }] },
  });
  new Connection('login', {
    connectorId: crm.id,
    name: 'login',
    credentials: {
      action: [{ authSchemeConfig: basic, credential: secret('password').apply((password) => ({ name: 'login', type: 'basic-auth' as const, data: { username: 'svc', password } })) }],
    },
  });
  new Connection('client', {
    connectorId: crm.id,
    name: 'client',
    credentials: {
      trigger: [
        {
          authSchemeConfig: oauth,
          credential: secret('credentialClientSecret').apply((clientSecret) => ({
            name: 'client',
            type: 'oauth2-client' as const,
            data: {
              clientId: 'crm-app',
              clientSecret,
              authorizeUrl: 'https://auth.example-crm.com/authorize',
              tokenUrl: 'https://auth.example-crm.com/token',
            },
          })),
        },
      ],
    },
  });
  new Connection('mtls', {
    connectorId: crm.id,
    name: 'mtls',
    credentials: {
      action: [
        {
          authSchemeConfig: certificate,
          credential: secret('certificateKey').apply((key) => ({ name: 'cert', type: 'certificate' as const, data: { certificate: pem('CERTIFICATE', 'MIIBsecretsCert'), key: pem('PRIVATE KEY', key), ca: '' } })),
        },
      ],
    },
  });
  if (withConflict) {
    new Connection('taken', {
      connectorId: crm.id,
      name: 'taken',
      credentials: { action: [{ authSchemeConfig: apiKey, credential: secret('conflicting').apply((value) => ({ name: 'other', type: 'string' as const, data: { value } })) }] },
    });
  }
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

describe('engine: secrets never leak', function () {
  this.timeout(300_000);
  let h: EngineHarness;
  let allSecrets: string[];
  const logs: string[] = [];
  const errors: string[] = [];

  const assertClean = (where: string, text: string) => {
    for (const secret of allSecrets) assert.ok(!text.includes(secret), `${where} holds ${secret.slice(0, 9)}…`);
  };

  before(async function () {
    this.timeout(1_200_000);
    withConflict = false;
    h = await startEngineHarness({
      program: async () => program(),
      env: { [ENV_VARS.logRequests]: '1' }, // the provider's debug logging of requests, inherited by the plugin
      config: Object.fromEntries(Object.entries(SECRETS).map(([key, value]) => [`${PROJECT}:${key}`, { value, secret: true }])),
    });
    allSecrets = [h.emulator.token, ...Object.values(SECRETS)];
  });

  after(async () => {
    await h?.close();
  });

  it('up with --logtostderr -v=9 and request logging: nothing secret in the output or the logs', async () => {
    let stderr = '';
    let stdout = '';
    const result = await h.stack.up({ logToStdErr: true, logVerbosity: 9, onError: (text) => (stderr += text), onOutput: (text) => (stdout += text) });
    assert.equal(result.summary.result, 'succeeded');
    logs.push(stdout, stderr, result.stdout, result.stderr);
    assert.ok(stderr.length > 100_000, `the engine logged verbosely (${stderr.length} characters):\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`);
    assert.match(stderr, /versori: POST \/o\/[0-9A-Z]+\/connectors\/[0-9A-Z]+\/connections \(CreateConnectorConnection\)/, 'the provider logged its requests');
    // The platform really holds the secrets, so the greps below look for values that existed during the run.
    const store = (await (await fetch(`${h.emulator.origin}/_emulator/store`, { headers: { Authorization: `Bearer ${h.emulator.token}` } })).text());
    for (const secret of Object.values(SECRETS).filter((s) => s !== SECRETS.conflicting)) assert.ok(store.includes(secret), `the platform got ${secret}`);
    assert.match(stderr, /\[secret\]/, 'the engine masked the secret config values it met');
    for (const text of logs) assertClean('the engine output or logs', text);
  });

  it('a failing up (a connection name taken on the platform) says what exists without any secret', async () => {
    const [crm] = await h.connectors();
    const apiKey = crm.authSchemeConfigs.find((c) => c.schemeType === 'api-key');
    const created = await fetch(`${h.target.baseUrl}/o/${h.target.organisationId}/connectors/${crm.id}/connections`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.target.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'taken', variables: [], credentials: { action: [{ authSchemeConfig: apiKey, credential: { name: 'theirs', type: 'string', data: { value: 'their-value' } } }] } }),
    });
    assert.equal(created.status, 200);
    withConflict = true;
    let stderr = '';
    let failure: string;
    try {
      failure = await failureOf(h.stack.up({ logToStdErr: true, logVerbosity: 9, onError: (text) => (stderr += text) }));
    } finally {
      withConflict = false;
    }
    assert.match(failure, /Connection "taken" could not be created: connection [0-9A-Z]+ named "taken" with credentials action: theirs \(string\) already exists/);
    errors.push(failure, stderr);
    for (const text of errors) assertClean('the error', text);
  });

  it('the state holds the secrets only encrypted: stack export and every file of the backend and project', async () => {
    const exported = await runPulumi(h.stack, ['stack', 'export']);
    assert.match(exported, /"ciphertext"/);
    assertClean('stack export', exported);
    const files = [...filesUnder(h.backendDir), ...filesUnder(h.workDir)];
    assert.ok(files.some((f) => f.endsWith('.json') && f.includes(`${path.sep}stacks${path.sep}`)), 'the checkpoint is among the files');
    for (const file of files) assertClean(path.basename(file), fs.readFileSync(file, 'utf8'));
    // The engine records the stack's whole config as inputs of the default provider: the token is safe only as a secret.
    const deployment = JSON.parse(exported).deployment as { resources: Array<{ type: string; inputs?: Record<string, unknown> }> };
    const defaultProvider = deployment.resources.find((r) => r.type === 'pulumi:providers:pulumi-nodejs');
    assert.ok(defaultProvider, 'the default provider is in the state');
    assert.ok(JSON.stringify(defaultProvider.inputs).includes('ciphertext'), 'versori:token is stored encrypted');
    const stackConfig = fs.readFileSync(path.join(h.workDir, 'Pulumi.e2e.yaml'), 'utf8');
    assert.match(stackConfig, /versori:token:\s*\n\s*secure: /);
  });
});
