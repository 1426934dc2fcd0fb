// Input field schemas shared by the resource modules, and the rules that refuse values the platform would take but
// that are wrong or unsafe.
import { z } from 'zod';
import { ConnectionVariable } from '../api/schemas';
import { isLoopbackHost } from './config';

/** Marks a custom issue about a secret inside the value: the failure must not make the engine print the value. */
const HIDES_VALUE = { hidesValue: true } as const;

/** A string with more than white space, handed on exactly as written (a name is never changed, only refused when blank). */
export const NonEmptyString = z.string().refine((value) => value.trim() !== '', 'must not be empty');

const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What keeps `value` from being a ULID (in any case: ULIDs are case-insensitive), or undefined. */
export function ulidProblem(value: string): string | undefined {
  const chars = [...value];
  if (chars.length !== 26) return `must be a ULID: 26 characters, not ${chars.length}`;
  const bad = chars.findIndex((c) => !CROCKFORD_BASE32.includes(c.toUpperCase()));
  if (bad >= 0) {
    return `must be a ULID: "${chars[bad]}" (character ${bad + 1}) is not Crockford base32 (digits, and letters but I, L, O, U)`;
  }
  if (chars[0] > '7') return `must be a ULID: the first character is at most "7", not "${chars[0]}"`;
  return undefined;
}

/** A ULID in either case; `check` hands it on in upper case (`normaliseUlid`), as the platform writes it. */
export const UlidField = z.string().superRefine((value, ctx) => {
  const problem = ulidProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

export function normaliseUlid(value: unknown): unknown {
  return typeof value === 'string' && ulidProblem(value) === undefined ? value.toUpperCase() : value;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const CREDENTIALS_IN_URL =
  'must not carry credentials ("user:password@"): they would be stored in plain text in the state; ' +
  'remove them, and give them to a Connection as a credential (for example of a basic-auth scheme)';

/** An http(s) URL without credentials; `secure` also requires https (plain http on loopback) and no fragment. */
function urlField(secure: boolean) {
  return z.string().superRefine((value, ctx) => {
    const url = parseUrl(value);
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      ctx.addIssue({ code: 'custom', message: secure ? 'must be an https URL' : 'must be an http(s) URL' });
    } else if (url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: CREDENTIALS_IN_URL, params: HIDES_VALUE });
    } else if (secure && url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', message: 'must use https (plain http is only allowed for loopback addresses)' });
    } else if (secure && value.includes('#')) {
      ctx.addIssue({
        code: 'custom',
        message: `must not have a fragment ("${url.hash || '#'}"): the part after "#" is never sent to the server; remove it`,
      });
    }
  });
}

/** An http(s) URL (a link for people). */
export const WebUrl = urlField(false);

/** An https URL the platform calls (plain http only for loopback addresses). */
export const SecureUrl = urlField(true);

export const Variables = z.array(ConnectionVariable.strict()).superRefine((items, ctx) => uniqueNames(items, ctx, 'variable'));

/** Refinement helper: names must be unique within a list of `{ name }`. */
export function uniqueNames(items: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate ${what} name "${item.name}"` });
    }
    seen.add(item.name);
  });
}

const GCP_PROJECT_ID = /^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const BIGQUERY_DATASET_NAME = /^[A-Za-z0-9_]{1,1024}$/;

/** `<project_id>.<dataset_name>`, each a valid identifier (a domain-scoped project `example.com:project` included). */
export const DatasetId = z.string().superRefine((value, ctx) => {
  const dot = value.lastIndexOf('.');
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message: `must be "<project_id>.<dataset_name>"${message}` });
  if (dot <= 0 || dot === value.length - 1) return problem('');
  const project = value.slice(0, dot);
  const dataset = value.slice(dot + 1);
  if (!GCP_PROJECT_ID.test(project)) {
    problem(`: "${project}" is not a project id (6 to 30 lowercase letters, digits or hyphens, starting with a letter)`);
  } else if (!BIGQUERY_DATASET_NAME.test(dataset)) {
    problem(`: "${dataset}" is not a dataset name (letters, digits and underscores only)`);
  }
});

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END \1-----/g;

/** The labels of the PEM blocks `value` consists of, or undefined when it is not PEM text. */
function pemLabels(value: string): string[] | undefined {
  const labels = [...value.matchAll(PEM_BLOCK)].map((match) => match[1]);
  const rest = value.replace(PEM_BLOCK, '').trim();
  return labels.length > 0 && rest === '' ? labels : undefined;
}

function pemField(what: string, example: string, accepts: (labels: string[]) => boolean, allowEmpty: boolean) {
  return z.string().superRefine((value, ctx) => {
    if (allowEmpty && value === '') return;
    const labels = pemLabels(value);
    if (labels !== undefined && accepts(labels)) return;
    const hint = value.includes('\\n')
      ? ' (it holds "\\n" escapes: give real line breaks)'
      : labels !== undefined
        ? ` (it holds ${labels.map((l) => `a ${l}`).join(', ')})`
        : '';
    ctx.addIssue({ code: 'custom', message: `must be ${what} in PEM form ("-----BEGIN ${example}-----" …)${hint}` });
  });
}

const isCertificates = (labels: string[]) => labels.every((label) => label === 'CERTIFICATE');

/** One or more PEM certificates (a leaf, then its chain). */
export const PemCertificates = pemField('a certificate', 'CERTIFICATE', isCertificates, false);

/** PEM CA certificates, or "" for none. */
export const PemCaCertificates = pemField('CA certificates (or "" for none)', 'CERTIFICATE', isCertificates, true);

/** One unencrypted PEM private key. */
export const PemPrivateKey = pemField(
  'one unencrypted private key',
  'PRIVATE KEY',
  (labels) => labels.length === 1 && /^(?:(?:RSA|EC|DSA) )?PRIVATE KEY$/.test(labels[0]),
  false,
);
