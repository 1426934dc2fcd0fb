// Splitting by tag: one part per value and one for the connectors without the tag, each connector with its versions,
// folder names safe, unique and the same every time; the split folder holds a complete program per part and a README
// listing them, written whole or not at all.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Connector } from '../../api/schemas';
import { writeFolder } from '../../adopt/folder';
import { generateProgram } from '../../adopt/program';
import type { Organisation } from '../../adopt/read';
import type { ReadVersion } from '../../adopt/read-versions';
import { splitByTag, tagValueOf } from '../../adopt/split';
import { splitFolderFiles } from '../../adopt/split-folder';

const ORG = '01J0000000000000000000000A';
const at = '2026-01-01T00:00:00Z';

function connector(n: number, tags?: Record<string, unknown>): Connector {
  const id = `01J00000000000000000000C${String(n).padStart(2, '0')}`;
  return { id, organisationId: ORG, name: `Connector ${n}`, public: false, protocol: 'http', baseUrl: 'https://api.example.com', authSchemeConfigs: [], connections: [], versions: [], createdAt: at, updatedAt: at, ...(tags && { tags }) };
}

function organisation(connectors: Connector[], versions: Record<string, readonly ReadVersion[]> = {}): Organisation {
  return { id: ORG, connectors, versions, categories: {}, requests: 1 };
}

const readVersion = { version: { id: '01J00000000000000000000V01', name: '1.0.0', isLatest: false, isDefault: false, createdAt: at, updatedAt: at, publishedAt: null }, definitions: [], actions: [], triggers: [] };

describe('adopt/split', () => {
  it('groups by the tag value: strings as they are, numbers and lists as text, absent, null, "" and [] as none', () => {
    const value = (tags?: Record<string, unknown>) => tagValueOf(connector(1, tags), 'team');
    assert.equal(value({ team: 'crm' }), 'crm');
    assert.equal(value({ team: 7 }), '7');
    assert.equal(value({ team: ['crm', 'web'] }), 'crm+web');
    assert.equal(value({ team: { a: 1 } }), '{"a":1}');
    for (const none of [undefined, { other: 'x' }, { team: null }, { team: '' }, { team: [] }]) assert.equal(value(none), undefined, JSON.stringify(none));
    assert.equal(tagValueOf(connector(1, { team: 'x' }), 'constructor'), undefined, 'only own keys');
  });

  it('makes one part per value in order and one for the untagged, with safe, unique folder and project names', () => {
    const connectors = [connector(1, { team: 'Team A' }), connector(2), connector(3, { team: 'team-a' }), connector(4, { team: 'Équipe/../etc' }), connector(5, { team: '!!!' }), connector(6, { team: 'Team A' })];
    const parts = splitByTag(organisation(connectors), 'team', 'org');
    assert.deepEqual(
      parts.map((p) => [p.value, p.folder, p.project, p.organisation.connectors.map((c) => c.name)]),
      [
        ['!!!', 'tag', 'org-tag', ['Connector 5']],
        ['Team A', 'team-a', 'org-team-a', ['Connector 1', 'Connector 6']],
        ['team-a', 'team-a-2', 'org-team-a-2', ['Connector 3']],
        ['Équipe/../etc', 'equipe-etc', 'org-equipe-etc', ['Connector 4']],
        [undefined, 'without-team', 'org-without-team', ['Connector 2']],
      ],
    );
    for (const part of parts) assert.match(part.folder, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    const again = splitByTag(organisation([...connectors].reverse().sort((a, b) => (a.id < b.id ? -1 : 1))), 'team', 'org');
    assert.deepEqual(again.map((p) => p.folder), parts.map((p) => p.folder), 'the same every time');
  });

  it("keeps each connector's versions in its part, and no other connector's", () => {
    const [a, b] = [connector(1, { team: 'a' }), connector(2, { team: 'b' })];
    const parts = splitByTag(organisation([a, b], { [a.id]: [readVersion], [b.id]: [] }), 'team', 'org');
    assert.deepEqual(parts[0].organisation.versions, { [a.id]: [readVersion] });
    assert.deepEqual(parts[1].organisation.versions, { [b.id]: [] });
  });

  it('writes a complete program folder per part and a README listing them, no part referring to another', () => {
    const parts = splitByTag(organisation([connector(1, { team: 'crm' }), connector(2, { team: 'data|x' }), connector(3)]), 'team', 'org');
    const { files, generated } = splitFolderFiles({ key: 'team', packageVersion: '1.2.3', organisationId: ORG }, parts, (o) => generateProgram(o));
    assert.deepEqual(Object.keys(files).sort(), ['README.md', ...['crm', 'data-x', 'without-team'].flatMap((f) => ['Pulumi.yaml', 'README.md', 'index.ts', 'package.json', 'tsconfig.json'].map((n) => `${f}/${n}`))].sort());
    assert.match(files['crm/Pulumi.yaml'], /^name: org-crm\n/);
    assert.equal((JSON.parse(files['data-x/package.json']) as { name: string }).name, 'org-data-x');
    assert.match(files['crm/index.ts'], /"Connector 1"/);
    assert.doesNotMatch(files['crm/index.ts'], /Connector [23]/);
    assert.equal(generated.length, 3);
    const readme = files['README.md'];
    assert.match(readme, /\| \[`crm`\]\(crm\/README\.md\) \| `org-crm` \| crm \| 1 connectors, /);
    assert.match(readme, /\| `org-data-x` \| data\\\|x \|/, 'a | in a value does not end the cell');
    assert.match(readme, /\| `org-without-team` \| \(no team tag\) \|/);
  });

  it('writes the split folder whole, or nothing when a file cannot be written', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'versori-split-'));
    try {
      writeFolder(path.join(root, 'out'), { 'README.md': 'top', 'a/index.ts': 'a', 'b/index.ts': 'b' }, false);
      assert.equal(fs.readFileSync(path.join(root, 'out', 'b', 'index.ts'), 'utf8'), 'b');
      assert.throws(() => writeFolder(path.join(root, 'failed'), { 'README.md': 'top', 'a/index.ts': 'a', 'b/\u0000': 'x' }, false));
      assert.deepEqual(fs.readdirSync(root), ['out'], 'no folder, no staging folder left');
      writeFolder(path.join(root, 'out'), { 'README.md': 'new', 'c/index.ts': 'c' }, true);
      assert.equal(fs.readFileSync(path.join(root, 'out', 'c', 'index.ts'), 'utf8'), 'c');
      assert.deepEqual(fs.readdirSync(path.join(root, 'out', 'c')), ['index.ts'], 'no temporary file left');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
