// Request bodies and setup steps for the version, definition, action and trigger contract tests.
import { strict as assert } from 'node:assert';
import { ConnectorVersion } from '../../api/schemas';
import { Action, Definition, Definitions } from '../../api/versions';
import { httpConnectorBody, newUlid, type Client } from './support';

export async function newConnector(client: Client, protocol: 'http' | 'bigquery' = 'http'): Promise<string> {
  const res =
    protocol === 'http'
      ? await client.post('/protocols/http/connectors', httpConnectorBody())
      : await client.post('/protocols/bigquery/connectors', { name: `bq-${newUlid()}`, datasetId: 'p.d', connections: [] });
  assert.equal(res.status, 201, res.text);
  return String((res.body as { id: string }).id);
}

export async function newVersion(client: Client, connectorId: string, name = '1.0.0', fromVersion?: string): Promise<ConnectorVersion> {
  const res = await client.post(`/connectors/${connectorId}/versions`, { name, ...(fromVersion !== undefined && { fromVersion }) });
  assert.equal(res.status, 201, res.text);
  return ConnectorVersion.parse(res.body);
}

export async function publish(client: Client, connectorId: string, version: string): Promise<ConnectorVersion> {
  const res = await client.post(`/connectors/${connectorId}/versions/${encodeURIComponent(version)}/publish`, undefined);
  assert.equal(res.status, 200, res.text);
  return ConnectorVersion.parse((res.body as { version: unknown }).version);
}

export function jsonSchema(document: unknown): { contentType: string; content: string } {
  return { contentType: 'application/schema+json', content: JSON.stringify(document) };
}

export function definitionBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, accept: ['application/json'], schema: jsonSchema({ type: 'object' }), ...overrides };
}

export async function newDefinitions(client: Client, base: string, ...bodies: Array<Record<string, unknown>>): Promise<Definition[]> {
  const res = await client.post(`${base}/definitions`, { definitions: bodies });
  assert.equal(res.status, 201, res.text);
  return Definitions.parse(res.body).definitions;
}

export function actionBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'http',
    name,
    method: 'GET',
    path: '/products/{{ param.id }}',
    parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
    responses: [{ id: newUlid(), status: 200, definitions: [] }],
    ...overrides,
  };
}

export async function newAction(client: Client, base: string, body: Record<string, unknown>): Promise<Action> {
  const res = await client.post(`${base}/actions`, body);
  assert.equal(res.status, 201, res.text);
  return Action.parse(res.body);
}
