// TypeScript source for values: object literals a person would write (bare keys, one property a line, short ones on
// one line), with expressions (references, secrets) written as given.

/** An expression written into the source as it is, e.g. `crm.id` or `config.requireSecret("key")`. */
export class Expression {
  constructor(readonly text: string) {}
}

export const expression = (text: string): Expression => new Expression(text);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string as a TypeScript literal; line and paragraph separators escaped too (JSON leaves them as they are). */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Text for a `//` comment: on one line whatever it holds, so nothing read can end the comment and become code. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const LINE = 100;

function keyOf(key: string): string {
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

function definedEntries(value: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** On one line: `{ a: 1, b: "x" }`, `["x", "y"]`; undefined when too long or holding anything on several lines. */
function inline(value: unknown): string | undefined {
  if (value instanceof Expression) return value.text;
  if (typeof value === 'string') return stringLiteral(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const parts = Array.isArray(value)
    ? value.map(inline)
    : definedEntries(value as Record<string, unknown>).map(([key, child]) => {
        const text = inline(child);
        return text === undefined ? undefined : `${keyOf(key)}: ${text}`;
      });
  if (parts.some((part) => part === undefined)) return undefined;
  if (parts.length === 0) return Array.isArray(value) ? '[]' : '{}';
  const text = Array.isArray(value) ? `[${parts.join(', ')}]` : `{ ${parts.join(', ')} }`;
  return text.length <= LINE / 2 ? text : undefined;
}

/** `value` as TypeScript source, continuing at `indent` spaces (its first line is not indented). */
export function literal(value: unknown, indent = 0): string {
  const short = inline(value);
  if (short !== undefined) return short;
  const inner = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((item) => `${inner}${literal(item, indent + 2)},\n`).join('')}${close}]`;
  const entries = definedEntries(value as Record<string, unknown>);
  return `{\n${entries.map(([key, child]) => `${inner}${keyOf(key)}: ${literal(child, indent + 2)},\n`).join('')}${close}}`;
}
