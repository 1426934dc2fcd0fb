// Names in a generated program: a readable, unique and stable Pulumi resource name and TypeScript variable for each
// object, made from the object's own name.

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'let', 'static', 'yield', 'await',
  'implements', 'interface', 'package', 'private', 'protected', 'public', 'pulumi', 'versori', 'config',
]);

/** The words of a name: runs of ASCII letters and digits, lower case (accents dropped). */
function wordsOf(name: string): string[] {
  const plain = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return (plain.match(/[A-Za-z0-9]+/g) ?? []).map((word) => word.toLowerCase());
}

export interface GeneratedName {
  /** The Pulumi resource name, e.g. `example-crm`. */
  readonly resource: string;
  /** The TypeScript variable, e.g. `exampleCrm`. */
  readonly variable: string;
}

/**
 * Gives names out in a fixed order: callers ask for objects sorted by a stable key (their id), so the same
 * organisation always gets the same names, and two names that differ only in case or punctuation get `-2`, `-3`.
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  /** A name from `parts` (e.g. the connector's name, then the config's description), `fallback` when they hold no word. */
  allocate(parts: readonly string[], fallback: string): GeneratedName {
    const words = parts.flatMap(wordsOf).slice(0, 8);
    const base = words.length > 0 ? words : [fallback];
    const start = /^[0-9]/.test(base[0]) ? [fallback, ...base] : base;
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? start : [...start, String(n)];
      const resource = candidate.join('-');
      const variable = candidate.map((word, i) => (i === 0 ? word : word[0].toUpperCase() + word.slice(1))).join('');
      if (this.taken.has(resource) || this.taken.has(variable) || RESERVED.has(variable)) continue;
      this.taken.add(resource);
      this.taken.add(variable);
      return { resource, variable };
    }
  }
}
