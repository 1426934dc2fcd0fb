// Generators of whole requests against every emulator route: method, path (real IDs, foreign and hostile ones),
// query string, body, content type and token.
import fc from 'fast-check';
import { API_ROUTES } from '../../../emulator/routes';
import {
  anyJsonBodyArb,
  connectionBodyArb,
  connectionUpdateArb,
  connectorCreateArb,
  connectorUpdateArb,
  hostileTextArb,
  inUseArb,
  mutated,
  tagsArb,
  upsertBodyArb,
  type BodyOf,
  type Params,
} from './bodies';
import { pick, type Known } from './known';
import {
  actionCreateArb,
  actionUpdateArb,
  categoriesArb,
  definitionsCreateArb,
  definitionsDeleteArb,
  definitionUpdateArb,
  triggerCreateArb,
  triggerUpdateArb,
  versionCreateArb,
  versionParamsArb,
  versionUpdateArb,
} from './versionBodies';

export type GeneratedBody = { kind: 'json'; of: BodyOf } | { kind: 'text'; text: string } | { kind: 'none' };

export interface GeneratedRequest {
  method: string;
  /** The route template the path was made from, relative to the base path; `other` for a path of no route. */
  route: string;
  params: (known: Known) => Params;
  query: string;
  body: GeneratedBody;
  contentType: string | undefined;
  token: 'valid' | 'missing' | 'wrong';
}

const ADMIN_ROUTES: Record<string, string[]> = {
  '/_emulator/info': ['GET'],
  '/_emulator/faults': ['GET', 'PUT', 'DELETE'],
  '/_emulator/in-use': ['POST'],
  '/_emulator/store': ['GET'],
};
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/** Well-formed bodies per `METHOD route`; any other request gets hostile bodies only. */
const BODIES: Record<string, fc.Arbitrary<BodyOf>> = {
  'POST /o/:organisationId/protocols/http/connectors': connectorCreateArb,
  'POST /o/:organisationId/protocols/bigquery/connectors': connectorCreateArb,
  'PUT /o/:organisationId/connectors/:connectorId': connectorUpdateArb,
  'PUT /o/:organisationId/connectors/:connectorId/tags': tagsArb,
  'PUT /o/:organisationId/connectors/:connectorId/auth-scheme-configs/:authSchemeConfigId': upsertBodyArb,
  'POST /o/:organisationId/connectors/:connectorId/connections': connectionBodyArb,
  'PUT /o/:organisationId/connectors/:connectorId/connections/:connectionId': connectionUpdateArb,
  'POST /_emulator/in-use': inUseArb,
  ...versionBodies('/o/:organisationId/connectors/:connectorId'),
};

function versionBodies(connector: string): Record<string, fc.Arbitrary<BodyOf>> {
  const version = `${connector}/versions/:version`;
  return {
    [`PUT ${connector}/categories`]: categoriesArb,
    [`POST ${connector}/versions`]: versionCreateArb,
    [`PUT ${version}`]: versionUpdateArb,
    [`POST ${version}/definitions`]: definitionsCreateArb,
    [`DELETE ${version}/definitions`]: definitionsDeleteArb,
    [`PUT ${version}/definitions/:definitionName`]: definitionUpdateArb,
    [`POST ${version}/actions`]: actionCreateArb,
    [`PUT ${version}/actions/:actionName`]: actionUpdateArb,
    [`POST ${version}/triggers`]: triggerCreateArb,
    [`PUT ${version}/triggers/:triggerName`]: triggerUpdateArb,
  };
}

const hostileSegmentArb = fc.oneof(
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom('%ZZ', '..', '%2e%2e', '%2F', '%00', '__proto__', 'constructor', '01ARZ3NDEKTSV4RRFFQ69G5FA', 'a'.repeat(300)),
);

/** A path parameter: mostly one the run has seen (so routes find their objects), else a new ULID or a hostile value. */
function segmentArb(seen: (known: Known, index: number) => string | undefined): fc.Arbitrary<(known: Known) => string> {
  return fc.oneof(
    { arbitrary: fc.nat().map((index) => (k: Known) => seen(k, index) ?? ''), weight: 8 },
    { arbitrary: fc.ulid().map((id) => () => id), weight: 1 },
    { arbitrary: hostileSegmentArb.map((text) => () => text), weight: 1 },
  );
}

const paramsArb = fc
  .record({
    organisation: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, fc.ulid(), hostileSegmentArb),
    connection: segmentArb((k, i) => pick([...k.connections.keys()], i, undefined)),
    config: segmentArb((k, i) => pick(k.configs, i, undefined)?.config.id),
    connector: segmentArb((k, i) => pick([...k.connectors.keys()], i, undefined)),
    connectorOfConnection: fc.nat({ max: 4 }),
    versionParams: versionParamsArb,
  })
  .map(({ organisation, connection, config, connector, connectorOfConnection, versionParams }) => (k: Known): Params => {
    const connectionId = connection(k);
    // Most of the time, the connector a named connection belongs to, so that connection routes find it.
    const owner = connectorOfConnection > 0 ? k.connections.get(connectionId)?.connectorId : undefined;
    const params = { organisationId: organisation ?? k.organisationId, connectorId: owner ?? connector(k), authSchemeConfigId: config(k), connectionId };
    return versionParams(k, params);
  });

const queryValueArb: Record<string, fc.Arbitrary<string>> = {
  first: fc.constantFrom('1', '2', '20', '100', '0', '101', '-1', '1.5', 'abc', ''),
  after: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url'))),
  before: fc.string({ maxLength: 20 }),
  name: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('connector', 'CONN', '')),
  protocol: fc.constantFrom('http', 'HTTP', 'big', 'bigquery', 'ftp', ''),
  force: fc.constantFrom('true', 'false', 'yes', ''),
};

const queryArb = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...Object.keys(queryValueArb)).chain((key) => queryValueArb[key]?.map((value) => [key, value] as const) ?? fc.constant([key, ''] as const)), weight: 4 },
      fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })),
    ),
    { maxLength: 3 },
  )
  .chain((pairs) =>
    fc.oneof(
      { arbitrary: fc.constant(pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')), weight: 9 },
      fc.constantFrom('first=%ZZ', 'name=%', '&&=&', 'first=1&first=2', '__proto__=1', 'constructor[prototype][x]=1'),
    ),
  );

function bodyArb(key: string): fc.Arbitrary<GeneratedBody> {
  const wellFormed = BODIES[key];
  const hostile: Array<fc.WeightedArbitrary<GeneratedBody>> = [
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
    { arbitrary: anyJsonBodyArb.map((of) => ({ kind: 'json' as const, of })), weight: 1 },
    { arbitrary: hostileTextArb.map((text) => ({ kind: 'text' as const, text })), weight: 1 },
  ];
  if (wellFormed === undefined) return fc.oneof(...hostile);
  return fc.oneof(
    { arbitrary: wellFormed.map((of) => ({ kind: 'json' as const, of })), weight: 14 },
    { arbitrary: mutated(wellFormed).map((of) => ({ kind: 'json' as const, of })), weight: 3 },
    ...hostile,
  );
}

const routeArb = fc.oneof(
  { arbitrary: fc.constantFrom(...API_ROUTES.map((r) => r.path)), weight: 12 },
  { arbitrary: fc.constantFrom(...Object.keys(ADMIN_ROUTES)), weight: 2 },
  { arbitrary: fc.array(hostileSegmentArb, { maxLength: 4 }).map((segments) => `other:/${segments.join('/')}`), weight: 1 },
);

/** The methods a route serves are drawn most often, so that requests reach the handlers. */
function methodArb(route: string): fc.Arbitrary<string> {
  const served = ADMIN_ROUTES[route] ?? Object.keys(API_ROUTES.find((r) => r.path === route)?.methods ?? {});
  return served.length === 0 ? fc.constantFrom(...METHODS) : fc.oneof({ arbitrary: fc.constantFrom(...served), weight: 9 }, fc.constantFrom(...METHODS));
}

export const requestArb: fc.Arbitrary<GeneratedRequest> = routeArb.chain((route) =>
  methodArb(route).chain((method) =>
    fc.record({
      method: fc.constant(method),
      route: fc.constant(route.startsWith('other:') ? 'other' : route),
      params: route.startsWith('other:') ? fc.constant(() => ({ raw: route.slice('other:'.length) })) : paramsArb,
      query: fc.oneof({ arbitrary: fc.constant(''), weight: 2 }, queryArb),
      body: bodyArb(`${method} ${route}`),
      contentType: fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 12 },
        fc.constantFrom(undefined, 'application/json; charset=utf-8', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded'),
      ),
      token: fc.oneof({ arbitrary: fc.constant('valid' as const), weight: 20 }, fc.constantFrom('missing' as const, 'wrong' as const)),
    }),
  ),
);

/** The request's path, from its route template and parameters. */
export function pathOf(request: GeneratedRequest, params: Params, basePath: string): string {
  if (request.route === 'other') return `${basePath}${params.raw ?? ''}`;
  if (request.route.startsWith('/_emulator')) return request.route;
  return `${basePath}${request.route.replace(/:([A-Za-z]+)/g, (_match, name: string) => params[name] ?? '')}`;
}
