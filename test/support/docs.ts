// Reads the input tables of docs/resources.md, to hold them to the inputs each resource declares.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The rows of the `| input | … |` table under `## <heading>`, by each input name the row's first cell names. */
export function documentedInputs(heading: string): Map<string, string> {
  const text = fs.readFileSync(path.join(__dirname, '../../docs/resources.md'), 'utf8');
  const section = text.split(/^## /m).find((part) => part.startsWith(`${heading}\n`)) ?? '';
  const table = section.slice(section.indexOf('| input |'));
  const rows = new Map<string, string>();
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const first = line.split(/(?<!\\)\|/)[1];
    for (const match of first.matchAll(/`([A-Za-z]+)[.\w]*`/g)) rows.set(match[1], `${rows.get(match[1]) ?? ''}${line}`);
  }
  return rows;
}

/** Every declared input has a row, saying "replaces" exactly when its rule replaces and "kept secret" when secret. */
export function assertDocumented(
  heading: string,
  fields: Record<string, { diff: { replace?: boolean }; secret: boolean }>,
  internal: readonly string[] = [],
): void {
  const rows = documentedInputs(heading);
  for (const [key, field] of Object.entries(fields)) {
    if (internal.includes(key)) continue;
    const row = rows.get(key);
    if (row === undefined) throw new Error(`docs/resources.md, ${heading}: no row for ${key}`);
    if (/replaces/.test(row) !== (field.diff.replace === true)) throw new Error(`${heading}.${key}: replace rule not as documented: ${row}`);
    if (/kept secret/.test(row) !== field.secret) throw new Error(`${heading}.${key}: secrecy not as documented: ${row}`);
  }
}
