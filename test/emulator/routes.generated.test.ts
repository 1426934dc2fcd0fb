// Generated requests against every emulator route, seeded and bounded: no answer is a 5xx, every answer is in the
// Error shape or valid under the API's response schemas, no secret value reaches an answer or the request log, and
// afterwards the store still reads, saves and reloads.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import fc from 'fast-check';
import type { z } from 'zod';
import { ApiErrorBody, Connection, Connector, ConnectorConnectionPage, ConnectorPage, ConnectorVersion } from '../../api/schemas';
import { Action, ActionPage, ConnectorVersionsPage, Definition, DefinitionDeletePreconditionFailed, DefinitionPage, Definitions, PublishConnectorResponse, Trigger, TriggerPage } from '../../api/versions';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { readRequestLog, rotatedFile } from '../../emulator/request-log';
import type { Params } from './generated/bodies';
import { isObject, Known, SECRET_PATTERN, unredactedCredentials } from './generated/known';
import { pathOf, requestArb, type GeneratedRequest } from './generated/requests';
import { apiKeyConfig, basicAuthConfig, Client, connectionBody, httpConnectorBody, newUlid, oauth2Config, tempDir } from './support';

const SEED = 14;
const RUNS = 6000;

/** What a successful answer holds, per `METHOD route`; null for an empty body. */
const RESPONSES: Record<string, z.ZodType | null> = {
  'POST /o/:organisationId/protocols/http/connectors': Connector,
  'POST /o/:organisationId/protocols/bigquery/connectors': Connector,
  'GET /o/:organisationId/connectors': ConnectorPage,
  'GET /o/:organisationId/connectors/:connectorId': Connector,
  'PUT /o/:organisationId/connectors/:connectorId': Connector,
  'DELETE /o/:organisationId/connectors/:connectorId': null,
  'PUT /o/:organisationId/connectors/:connectorId/tags': null,
  'PUT /o/:organisationId/connectors/:connectorId/auth-scheme-configs/:authSchemeConfigId': Connector,
  'DELETE /o/:organisationId/connectors/:connectorId/auth-scheme-configs/:authSchemeConfigId': Connector,
  'GET /o/:organisationId/connectors/:connectorId/connections': ConnectorConnectionPage,
  'POST /o/:organisationId/connectors/:connectorId/connections': Connection,
  'GET /o/:organisationId/connectors/:connectorId/connections/:connectionId': Connection,
  'PUT /o/:organisationId/connectors/:connectorId/connections/:connectionId': Connection,
  'DELETE /o/:organisationId/connectors/:connectorId/connections/:connectionId': null,
  ...versionResponses('/o/:organisationId/connectors/:connectorId'),
};

function versionResponses(connector: string): Record<string, z.ZodType | null> {
  const version = `${connector}/versions/:version`;
  return {
    [`PUT ${connector}/categories`]: null,
    [`GET ${connector}/versions`]: ConnectorVersionsPage,
    [`POST ${connector}/versions`]: ConnectorVersion,
    [`GET ${version}`]: ConnectorVersion,
    [`PUT ${version}`]: ConnectorVersion,
    [`DELETE ${version}`]: null,
    [`POST ${version}/publish`]: PublishConnectorResponse,
    [`POST ${version}/unpublish`]: PublishConnectorResponse,
    [`GET ${version}/definitions`]: DefinitionPage,
    [`POST ${version}/definitions`]: Definitions,
    [`DELETE ${version}/definitions`]: null,
    [`GET ${version}/definitions/:definitionName`]: Definition,
    [`PUT ${version}/definitions/:definitionName`]: Definition,
    [`DELETE ${version}/definitions/:definitionName`]: null,
    [`GET ${version}/actions`]: ActionPage,
    [`POST ${version}/actions`]: Action,
    [`GET ${version}/actions/:actionName`]: Action,
    [`PUT ${version}/actions/:actionName`]: Action,
    [`DELETE ${version}/actions/:actionName`]: null,
    [`GET ${version}/triggers`]: TriggerPage,
    [`POST ${version}/triggers`]: Trigger,
    [`GET ${version}/triggers/:triggerName`]: Trigger,
    [`PUT ${version}/triggers/:triggerName`]: Trigger,
    [`DELETE ${version}/triggers/:triggerName`]: null,
  };
}

interface Answer {
  status: number;
  text: string;
}

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function send(emulator: RunningEmulator, request: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: emulator.port, method: request.method, path: request.path, headers: request.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

function resolveRequest(emulator: RunningEmulator, known: Known, request: GeneratedRequest): { sent: Sent; params: Params } {
  const params = request.params(known);
  const basePath = new URL(emulator.baseUrl).pathname;
  const target = pathOf(request, params, basePath);
  const headers: Record<string, string> = {};
  if (request.token !== 'missing') headers.authorization = `Bearer ${request.token === 'valid' ? emulator.token : 'wrong-token'}`;
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  const body = request.body.kind === 'json' ? JSON.stringify(request.body.of(known, params)) : request.body.kind === 'text' ? request.body.text : undefined;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return { sent: { method: request.method, path: request.query === '' ? target : `${target}?${request.query}`, headers, body }, params };
}

function describeSent(sent: Sent, answer: Answer): string {
  return `${sent.method} ${sent.path} ${sent.headers['content-type'] ?? ''} ${(sent.body ?? '').slice(0, 300)}\n→ ${answer.status} ${answer.text.slice(0, 500)}`;
}

/** Checks one answer; returns its parsed body when it is a success that holds objects the run should remember. */
function checkAnswer(request: GeneratedRequest, sent: Sent, answer: Answer): unknown {
  const what = describeSent(sent, answer);
  assert.ok(answer.status < 500, `a 5xx: ${what}`);
  if (request.route !== '/_emulator/store') assert.ok(!SECRET_PATTERN.test(answer.text), `a secret in an answer: ${what}`);
  const body: unknown = answer.text === '' ? undefined : JSON.parse(answer.text);
  if (answer.status >= 400) {
    const shape = answer.status === 412 && request.route.includes('/definitions') ? DefinitionDeletePreconditionFailed : ApiErrorBody;
    assert.ok(shape.strict().safeParse(body).success, `not the Error shape: ${what}`);
    return undefined;
  }
  const schema = RESPONSES[`${request.method} ${request.route}`];
  if (schema === undefined) {
    assert.ok(request.route.startsWith('/_emulator') && (body === undefined || isObject(body)), `an unexpected success: ${what}`);
    return undefined;
  }
  if (schema === null) {
    assert.equal(answer.text, '', `a body where none belongs: ${what}`);
    return undefined;
  }
  const parsed = schema.safeParse(body);
  assert.ok(parsed.success, `invalid under its response schema: ${what}\n${parsed.error?.message ?? ''}`);
  assert.deepEqual(unredactedCredentials(body), [], `a credential whose secrets are not "": ${what}`);
  return body;
}

async function getOk(emulator: RunningEmulator, target: string, schema: z.ZodType): Promise<unknown> {
  const answer = await send(emulator, { method: 'GET', path: target, headers: { authorization: `Bearer ${emulator.token}` } });
  assert.equal(answer.status, 200, `GET ${target}: ${answer.text.slice(0, 300)}`);
  const body: unknown = JSON.parse(answer.text);
  schema.parse(body);
  return body;
}

/** Every connector, page by page, then each connector, its connections page and each of its connections. */
async function readEverything(emulator: RunningEmulator): Promise<number> {
  const base = `${new URL(emulator.baseUrl).pathname}/o/${emulator.organisationId}`;
  let reads = 0;
  let after: string | undefined;
  do {
    const page = ConnectorPage.parse(await getOk(emulator, `${base}/connectors?first=100${after === undefined ? '' : `&after=${after}`}`, ConnectorPage));
    for (const connector of page.connectors) {
      await getOk(emulator, `${base}/connectors/${connector.id}`, Connector);
      await getOk(emulator, `${base}/connectors/${connector.id}/connections?first=100`, ConnectorConnectionPage);
      for (const connection of connector.connections) {
        await getOk(emulator, `${base}/connectors/${connector.id}/connections/${connection.id}`, Connection);
      }
      reads += 1;
    }
    after = page.next;
  } while (after !== undefined);
  return reads;
}

/** A few connectors with a config of each kind and connections holding secrets, for the generated requests to name. */
async function seedFixtures(emulator: RunningEmulator, known: Known): Promise<void> {
  const client = new Client(emulator);
  for (let i = 0; i < 5; i++) {
    const [apiKey, basic, oauth] = [apiKeyConfig(), basicAuthConfig(), oauth2Config(undefined, { grantType: 'password', clientId: 'c', clientSecret: `SECRET-fixture-grant-${i}` })];
    const created = await client.post('/protocols/http/connectors', httpConnectorBody({ authSchemeConfigs: [apiKey, basic, oauth] }));
    known.observe(created.body);
    const connectorId = String((created.body as { id: string }).id);
    for (const [config, type, data] of [
      [apiKey, 'string', { value: `SECRET-fixture-string-${i}` }],
      [basic, 'basic-auth', { username: 'u', password: `SECRET-fixture-basic-${i}` }],
      [oauth, 'oauth2-code', { code: `SECRET-fixture-code-${i}`, state: 's' }],
    ] as const) {
      known.observeConnection(connectorId, (await client.post(`/connectors/${connectorId}/connections`, connectionBody(config, { type, data }))).body);
    }
    await seedVersion(client, known, connectorId);
  }
}

/** A draft version `v0` with four definitions, an action and two triggers linking the first. */
async function seedVersion(client: Client, known: Known, connectorId: string): Promise<void> {
  const base = `/connectors/${connectorId}/versions/v0`;
  const params = { connectorId, version: 'v0' };
  known.versions.addVersion(connectorId, (await client.post(`/connectors/${connectorId}/versions`, { name: 'v0' })).body);
  const schema = { contentType: 'application/schema+json', content: '{"type":"object"}' };
  const definitions = [0, 1, 2, 3].map((n) => ({ name: `n${n}`, accept: [n === 0 ? 'application/json' : 'text/plain'], schema }));
  known.versions.observe(params, `${base}/definitions`, (await client.post(`${base}/definitions`, { definitions })).body);
  const operation = { type: 'http', name: 'n0', method: 'GET', parameters: [], responses: [{ id: 0, status: 200, definitions: [{ definition: { name: 'n0' } }] }] };
  known.versions.observe(params, `${base}/actions`, (await client.post(`${base}/actions`, { ...operation, path: '/x' })).body);
  for (const name of ['n0', 'n1']) known.versions.observe(params, `${base}/triggers`, (await client.post(`${base}/triggers`, { ...operation, name })).body);
}

/** The whole request log, rotated file first. */
function logText(file: string): string {
  return [rotatedFile(file), file].map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : '')).join('');
}

describe('emulator under generated requests (seeded, bounded)', function () {
  this.timeout(120_000);
  const dir = tempDir();
  const dataFile = path.join(dir, 'store.json');
  const requestLogFile = path.join(dir, 'requests.jsonl');
  const organisationId = newUlid();
  let emulator: RunningEmulator;
  const known = new Known(organisationId);
  const successes = new Map<string, number>();

  before(async () => {
    emulator = await startEmulator({ dataFile, requestLogFile, organisationId });
    await seedFixtures(emulator, known);
  });
  after(async () => {
    await emulator.close();
  });

  it(`answers ${RUNS} generated requests (seed ${SEED}) without a 5xx, in the Error shape or valid, with no secret`, async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        const { sent, params } = resolveRequest(emulator, known, request);
        const answer = await send(emulator, sent);
        if (request.route === '/_emulator/faults') emulator.setFaults(null);
        const operation = `${request.method} ${request.route}`;
        if (answer.status < 300) successes.set(operation, (successes.get(operation) ?? 0) + 1);
        const body = checkAnswer(request, sent, answer);
        if (request.method === 'DELETE' && answer.status === 204) known.forget(params, request.route);
        else if (request.route.includes('/connections')) known.observeConnection(params.connectorId ?? '', body);
        else {
          known.observe(body);
          known.versions.observe(params, request.route, body);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const missed = Object.keys(RESPONSES).filter((operation) => (successes.get(operation) ?? 0) < 3);
    assert.deepEqual(missed, [], `operations that rarely succeeded, so the run did not explore them: ${JSON.stringify([...successes])}`);
  });

  it('leaves every connector and connection readable', async () => {
    assert.ok((await readEverything(emulator)) > 0);
    const store = await send(emulator, { method: 'GET', path: '/_emulator/store', headers: { authorization: `Bearer ${emulator.token}` } });
    assert.equal(store.status, 200);
  });

  it('wrote no secret to the request log, one JSON line per request', () => {
    const text = logText(requestLogFile);
    const match = SECRET_PATTERN.exec(text);
    assert.equal(match, null, `a secret in the request log: ${text.slice(Math.max(0, (match?.index ?? 0) - 200), (match?.index ?? 0) + 60)}`);
    assert.ok(readRequestLog(requestLogFile).length >= RUNS * 0.9);
  });

  it('saves the store on close and reloads the same store', async () => {
    const headers = { authorization: `Bearer ${emulator.token}` };
    const before = JSON.parse((await send(emulator, { method: 'GET', path: '/_emulator/store', headers })).text) as unknown;
    await emulator.close();
    emulator = await startEmulator({ dataFile, organisationId, token: emulator.token });
    const reloaded = JSON.parse((await send(emulator, { method: 'GET', path: '/_emulator/store', headers })).text) as unknown;
    assert.deepEqual(reloaded, before);
    assert.ok((await readEverything(emulator)) > 0);
  });
});
