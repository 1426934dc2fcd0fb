// How our resources reach their implementation in Pulumi's dynamic-provider process. Pulumi stores a provider's
// source text as `__provider` in every resource's state (inputs and outputs) and evaluates it, long after the program
// changed, to refresh, update and delete. So the text is written here by hand: a few hundred bytes that hold no path,
// version or secret, and that find the installed package from the program's folder in every install layout.
import * as pulumi from '@pulumi/pulumi';
import { splitChildId } from './lifecycle';

export type ResourceKind =
  | 'connector'
  | 'authSchemeConfig'
  | 'connection'
  | 'connectorVersion'
  | 'connectorVersionPublication'
  | 'definition'
  | 'action'
  | 'trigger';

const TYPE_NAMES: Record<ResourceKind, string> = {
  connector: 'Connector',
  authSchemeConfig: 'AuthSchemeConfig',
  connection: 'Connection',
  connectorVersion: 'ConnectorVersion',
  connectorVersionPublication: 'ConnectorVersionPublication',
  definition: 'Definition',
  action: 'Action',
  trigger: 'Trigger',
};

/** The package entry point the provider text loads; `package.json` exports it. */
export const PROVIDER_ENTRY = 'pulumi-versori/dynamic-provider';

/**
 * The `__provider` text for a kind. It runs in the dynamic-provider process, whose `require` resolves from the
 * program's folder (its working directory). Besides the program's own `node_modules` chain, it looks in pnpm's hidden
 * hoisting folder (`node_modules/.pnpm/node_modules`) of that folder and each parent, where pnpm places a package the
 * program reaches only through another package (a component package that depends on us).
 */
export function providerSource(kind: ResourceKind): string {
  const notInstalled = '`Cannot load pulumi-versori for the Pulumi program in ${c}: add pulumi-versori to its dependencies`';
  return (
    'exports.handler=()=>{let r=require,{join:j,dirname:u}=r("path"),c=process.cwd(),d=c,p=[c],f;' +
    'for(;d!=u(d);d=u(d))p.push(j(d,"node_modules",".pnpm"));' +
    `try{f=r.resolve(${JSON.stringify(PROVIDER_ENTRY)},{paths:p})}catch{throw Error(${notInstalled})}` +
    `return r(f).${kind}}`
  );
}

/** The type token of a kind: a dynamic resource, as the Node.js dynamic-provider host expects. */
export function dynamicType(kind: ResourceKind): string {
  return `pulumi-nodejs:dynamic/versori:${TYPE_NAMES[kind]}`;
}

/**
 * `props` with the provider text of `kind`: what a resource class passes to `pulumi.CustomResource`. Our classes extend
 * it directly, with no base class between: the SDK records as a resource's source position the frame a fixed number
 * of constructors up the stack, which is the user's `new` only when the class is one level below CustomResource.
 */
export function withProvider(kind: ResourceKind, props: pulumi.Inputs): pulumi.Inputs {
  return { ...props, __provider: providerSource(kind) };
}

/**
 * Pulumi cannot import dynamic resources (pulumi/pulumi#3550, #16175: the engine reads them without the serialized
 * provider). So the `import` option is taken off the options and handed to the provider as the object to adopt on
 * create: nothing is created, the existing object is brought to the declared inputs.
 */
export function takeImportOption(opts: pulumi.CustomResourceOptions | undefined): {
  opts: pulumi.CustomResourceOptions | undefined;
  importId: pulumi.Input<string> | undefined;
} {
  if (opts?.import === undefined) return { opts, importId: undefined };
  const { import: importId, ...rest } = opts;
  return { opts: rest, importId };
}

/** The child id in an imported `<connectorId>/<childId>` resource id; refused when it names another connector. */
export function childOfImport(importId: string, kind: string, connectorId: unknown): string {
  const split = splitChildId(importId, kind);
  if (typeof connectorId === 'string' && split.connectorId.toUpperCase() !== connectorId.toUpperCase()) {
    throw new Error(
      `The import id "${importId}" names connector ${split.connectorId}, but the ${kind}'s connectorId is ${connectorId}: ` +
        'give the import id of an object of that connector, or set connectorId to the connector it belongs to',
    );
  }
  return split.childId;
}

export function importedChildId(importId: pulumi.Input<string>, kind: string, connectorId: unknown): pulumi.Output<string> {
  return pulumi
    .all([importId, pulumi.output(connectorId as pulumi.Input<unknown>)])
    .apply(([id, connector]) => childOfImport(id, kind, connector));
}

/** The caller's additionalSecretOutputs plus the resource's own secret properties. */
export function mergeSecretOutputs(opts: pulumi.CustomResourceOptions | undefined, keys: string[]): string[] {
  return [...new Set([...(opts?.additionalSecretOutputs ?? []), ...keys])];
}

/**
 * The import id of an object its inputs address (a connector version, what lives in one): `keys`' values joined by
 * "/" (a connector id compared in any case). Refused, naming both, when it names another object than the inputs do.
 */
export function checkImportedAddress(importId: string, kind: string, keys: readonly string[], values: readonly unknown[]): true {
  const parts = importId.split('/');
  const form = keys.map((key) => `<${key}>`).join('/');
  if (parts.length !== keys.length || parts.some((part) => part === '')) {
    throw new Error(`A ${kind} import id has the form "${form}", got "${importId}"`);
  }
  const same = (part: string, i: number) =>
    typeof values[i] !== 'string' || (keys[i] === 'connectorId' ? part.toUpperCase() === String(values[i]).toUpperCase() : part === values[i]);
  if (parts.every(same)) return true;
  const named = (of: readonly unknown[]) => keys.map((key, i) => `${key} ${JSON.stringify(of[i])}`).join(', ');
  throw new Error(
    `The import id "${importId}" names ${named(parts)}, but the ${kind}'s inputs name ${named(values)}: give the ` +
      `import id of the object these inputs name ("${form}"), or set the inputs to the object the import id names`,
  );
}

function importedAddress(importId: pulumi.Input<string>, kind: string, keys: readonly string[], props: Record<string, unknown>): pulumi.Output<true> {
  const values = keys.map((key) => pulumi.output(props[key] as pulumi.Input<unknown>));
  return pulumi.all([importId, pulumi.all(values)]).apply(([id, given]) => checkImportedAddress(id, kind, keys, given));
}

/**
 * How an `import` option becomes adoption: the input it sets, to the id to adopt (for a child kind, the child's id in
 * the connector it must name); or, for an object its inputs address (`addressedBy`), to `true` once the import id is
 * seen to name the same object.
 */
export interface Adoption {
  readonly input: string;
  readonly childOf?: { readonly kind: string; readonly connectorId: unknown };
  readonly addressedBy?: { readonly kind: string; readonly keys: readonly string[] };
}

function adoptionValue(importId: pulumi.Input<string>, adoption: Adoption, props: Record<string, unknown>): pulumi.Input<unknown> {
  const { childOf, addressedBy } = adoption;
  if (addressedBy !== undefined) return importedAddress(importId, addressedBy.kind, addressedBy.keys, props);
  return childOf === undefined ? importId : importedChildId(importId, childOf.kind, childOf.connectorId);
}

/** What a resource registers: its props (with the adoption input the `import` option becomes) and its options. */
export interface Registration {
  readonly props: Record<string, unknown>;
  readonly opts: pulumi.CustomResourceOptions | undefined;
}

/**
 * What a resource registers with: a copy of `props` with the `import` option set as `adoption.input` (unless given),
 * and the options without `import`, the resource's secret properties added to the secret outputs.
 */
export function registrationOf(
  props: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions | undefined,
  adoption: Adoption,
  secretKeys: readonly string[],
): Registration {
  const { opts: rest, importId } = takeImportOption(opts);
  const registered = { ...props };
  if (importId !== undefined) registered[adoption.input] ??= adoptionValue(importId, adoption, props);
  const options = secretKeys.length === 0 ? rest : { ...rest, additionalSecretOutputs: mergeSecretOutputs(opts, [...secretKeys]) };
  return { props: registered, opts: options };
}
