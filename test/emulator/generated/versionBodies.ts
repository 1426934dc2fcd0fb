// Generators of well-formed bodies (and path parameters) for the version routes: versions, definitions, actions,
// triggers and categories. Names come from small pools, so that requests often name objects that exist.
import fc from 'fast-check';
import { CATEGORIES } from '../../../api/versions';
import type { BodyOf, Params } from './bodies';
import { pick, type Known } from './known';

const childNameArb = fc.oneof({ arbitrary: fc.nat({ max: 12 }).map((n) => `n${n}`), weight: 9 }, fc.constantFrom('bad name', '', 'x$y', '__proto__'));
const versionNameArb = fc.oneof({ arbitrary: fc.nat({ max: 20 }).map((n) => `v${n}`), weight: 9 }, fc.constantFrom('latest', 'default', 'a/b', '', 'constructor'));
const CHILD_KINDS = ['definitions', 'actions', 'triggers'] as const;
const mediaArb = fc.subarray(['application/json', 'text/yaml', 'text/plain', 'application/xml'], { minLength: 1, maxLength: 2 });

function childNames(k: Known, params: Params, kind: 'definitions' | 'actions' | 'triggers'): string[] {
  return [...k.versions.childrenOf(params.connectorId ?? '', params.version ?? '', kind).keys()];
}

/** The `version`, `definitionName`, `actionName` and `triggerName` path parameters, mostly names seen under the connector. */
export const versionParamsArb = fc
  .record({ version: fc.nat(), child: fc.nat(), hostile: fc.nat({ max: 9 }), other: fc.oneof(versionNameArb, childNameArb) })
  .map(({ version, child, hostile, other }) => (k: Known, params: Params): Params => {
    // A connector without versions would make every version route a 404: mostly take one that has some.
    const withVersions = [...k.versions.versions].filter(([, names]) => names.size > 0).map(([id]) => id);
    const connectorId = k.versions.namesOf(params.connectorId ?? '').length === 0 && hostile > 2 ? pick(withVersions, version, params.connectorId ?? '') : (params.connectorId ?? '');
    const names = k.versions.namesOf(connectorId);
    const kind = pick(CHILD_KINDS, child, 'definitions');
    const withChildren = names.filter((name) => k.versions.hasChildren(connectorId, name, kind));
    const seen = pick(hostile > 4 && withChildren.length > 0 ? withChildren : names, version, 'v0');
    const next: Params = { ...params, connectorId, version: hostile === 0 ? encodeURIComponent(other) : seen };
    for (const [key, kind] of [['definitionName', 'definitions'], ['actionName', 'actions'], ['triggerName', 'triggers']] as const) {
      next[key] = hostile === 1 ? encodeURIComponent(other) : pick(childNames(k, next, kind), child, 'n0');
    }
    return next;
  });

export const versionCreateArb: fc.Arbitrary<BodyOf> = fc
  .record({ name: versionNameArb, from: fc.option(fc.nat(), { nil: undefined }) })
  .map(({ name, from }) => (k: Known, params: Params) => ({
    name,
    ...(from !== undefined && { fromVersion: pick(k.versions.namesOf(params.connectorId ?? ''), from, 'latest') }),
  }));

export const versionUpdateArb: fc.Arbitrary<BodyOf> = fc
  .record({ description: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), isDefault: fc.boolean() })
  .map(({ description, isDefault }) => (k: Known, params: Params) => {
    const seen = k.versions.version(params.connectorId ?? '', params.version ?? '');
    if (seen === undefined) return {};
    return seen.publishedAt === null ? { ...seen, description } : { ...seen, isDefault };
  });

const schemaArb = fc.oneof(
  { arbitrary: fc.constant({ contentType: 'application/schema+json', content: '{"type":"object"}' }), weight: 4 },
  { arbitrary: fc.nat({ max: 12 }).map((n) => ({ contentType: 'application/schema+json', content: JSON.stringify({ $ref: `#/$defs/n${n}` }) })), weight: 2 },
  { arbitrary: fc.constant({ contentType: 'application/schema+yaml', content: 'type: object' }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 20 }).map((content) => ({ contentType: 'application/schema+json', content })), weight: 1 },
);

const definitionArb = fc.record({ name: childNameArb, accept: mediaArb, description: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), schema: schemaArb });

export const definitionsCreateArb: fc.Arbitrary<BodyOf> = fc.array(definitionArb, { minLength: 1, maxLength: 2 }).map((definitions) => () => ({ definitions }));

export const definitionUpdateArb: fc.Arbitrary<BodyOf> = fc.record({ accept: mediaArb, schema: fc.option(schemaArb, { nil: undefined }) }).map(
  ({ accept, schema }) => (k: Known, params: Params) => {
    const seen = k.versions.childrenOf(params.connectorId ?? '', params.version ?? '', 'definitions').get(params.definitionName ?? '');
    return seen === undefined ? {} : { ...(seen as object), accept, schema };
  },
);

export const definitionsDeleteArb: fc.Arbitrary<BodyOf> = fc.oneof(
  fc.array(childNameArb, { maxLength: 3 }).map((names) => () => ({ names })),
  fc.constant(() => ({ all: true })),
);

/** Links to definitions seen in the version in the path, by name. */
function linksArb(k: Known, params: Params, picks: readonly number[]): Array<{ definition: { name: string } }> {
  const names = childNames(k, params, 'definitions');
  return names.length === 0 ? [] : picks.map((i) => ({ definition: { name: pick(names, i, 'n0') } }));
}

function operationCreateArb(withPath: boolean): fc.Arbitrary<BodyOf> {
  return fc
    .record({
      name: childNameArb,
      method: fc.constantFrom('GET', 'POST', 'DELETE'),
      links: fc.array(fc.nat(), { maxLength: 2 }),
      statuses: fc.uniqueArray(fc.constantFrom(200, 201, 404, undefined), { maxLength: 2 }),
    })
    .map(({ name, method, links, statuses }) => (k: Known, params: Params) => ({
      type: 'http',
      name,
      method,
      ...(withPath && { path: '/items/{{ param.id }}' }),
      parameters: [{ name: 'id', in: withPath ? 'path' : 'query', required: true, type: 'string' }],
      responses: statuses.map((status, i) => ({ id: i, ...(status !== undefined && { status }), definitions: i === 0 ? linksArb(k, params, links) : [] })),
    }));
}

export const actionCreateArb = operationCreateArb(true);
export const triggerCreateArb = operationCreateArb(false);

function operationUpdateArb(kind: 'actions' | 'triggers', param: 'actionName' | 'triggerName'): fc.Arbitrary<BodyOf> {
  return fc.record({ summary: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), rename: fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, childNameArb) }).map(
    ({ summary, rename }) => (k: Known, params: Params) => {
      const seen = k.versions.childrenOf(params.connectorId ?? '', params.version ?? '', kind).get(params[param] ?? '');
      return seen === undefined ? {} : { ...(seen as object), summary, ...(rename !== undefined && { name: rename }) };
    },
  );
}

export const actionUpdateArb = operationUpdateArb('actions', 'actionName');
export const triggerUpdateArb = operationUpdateArb('triggers', 'triggerName');

export const categoriesArb: fc.Arbitrary<BodyOf> = fc
  .oneof({ arbitrary: fc.subarray([...CATEGORIES], { maxLength: 3 }), weight: 9 }, fc.constant(['Games']))
  .map((categories) => () => ({ categories }));
