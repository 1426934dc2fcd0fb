// Splitting what was read into several generated projects by the value of one connector tag: one project per value and
// one for the connectors without the tag. A connector goes with everything below it (configs, connections, versions),
// so no project refers to an object of another.
import type { Connector } from '../api/schemas';
import type { Organisation } from './read';

export interface ProjectPart {
  /** The folder below DIR, e.g. `crm`: letters, digits and "-", unique. */
  readonly folder: string;
  /** The Pulumi project name: `<--project>-<folder>`. */
  readonly project: string;
  /** The tag's value as grouped (see {@link tagValueOf}); undefined for the connectors without the tag. */
  readonly value: string | undefined;
  /** The connectors of this part, in id order, and their versions. */
  readonly organisation: Organisation;
}

const MAX_FOLDER_LENGTH = 40;

/**
 * The value a connector is grouped by: a string as it is, a number or boolean as text, a list as its items joined by
 * "+" (the API's own tags are lists of strings), anything else as JSON; undefined when absent, null, "" or [].
 */
export function tagValueOf(connector: Connector, key: string): string | undefined {
  const tags = connector.tags;
  const value = tags !== undefined && Object.prototype.hasOwnProperty.call(tags, key) ? tags[key] : undefined;
  const text = (item: unknown): string =>
    typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : JSON.stringify(item);
  if (value === undefined || value === null) return undefined;
  const grouped = Array.isArray(value) ? value.map(text).join('+') : text(value);
  return grouped === '' ? undefined : grouped;
}

/** `Team A/EU` as `team-a-eu`; `fallback` when it holds no ASCII letter or digit. */
function folderWords(text: string, fallback: string): string {
  const plain = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const words = (plain.match(/[A-Za-z0-9]+/g) ?? []).map((word) => word.toLowerCase());
  const joined = words.join('-').slice(0, MAX_FOLDER_LENGTH).replace(/-+$/, '');
  return joined === '' ? fallback : joined;
}

/** Unique folder names, given out in the order asked: a second `team-a` is `team-a-2`. */
function folderAllocator(): (base: string) => string {
  const taken = new Set<string>();
  return (base) => {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (taken.has(candidate)) continue;
      taken.add(candidate);
      return candidate;
    }
  };
}

/**
 * The parts of `organisation` by the value of tag `key`: values in code-unit order, then the connectors without the
 * tag (folder `without-<key>`); only parts holding a connector. The same organisation always splits the same way.
 */
export function splitByTag(organisation: Organisation, key: string, project: string): ProjectPart[] {
  const groups = new Map<string | undefined, Connector[]>();
  for (const connector of organisation.connectors) {
    const value = tagValueOf(connector, key);
    groups.set(value, [...(groups.get(value) ?? []), connector]);
  }
  const values = [...groups.keys()].filter((value): value is string => value !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ordered: Array<string | undefined> = groups.has(undefined) ? [...values, undefined] : values;
  const allocate = folderAllocator();
  return ordered.map((value) => {
    const connectors = groups.get(value) ?? [];
    const folder = allocate(value === undefined ? `without-${folderWords(key, 'tag')}` : folderWords(value, 'tag'));
    const versions = Object.fromEntries(connectors.map((c) => [c.id, organisation.versions[c.id] ?? []]));
    return { folder, project: `${project}-${folder}`, value, organisation: { ...organisation, connectors, versions } };
  });
}
