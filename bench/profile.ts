// Where a CPU profile's time went, by package: each sample counts for the package whose code ran nearest the sampled
// frame (a RegExp run by zod is zod's, a socket write axios started is axios'); samples with no package frame on their
// stack go to Node.js or V8. Idle time is left out.
import type * as inspector from 'inspector';

type ProfileNode = inspector.Profiler.ProfileNode;

const PACKAGE_CATEGORIES: Array<[RegExp, string]> = [
  [/[/\\]pulumi-versori[/\\]/, 'pulumi-versori'],
  [/[/\\]node_modules[/\\]zod[/\\]/, 'zod'],
  [/[/\\]node_modules[/\\](axios|axios-retry|follow-redirects|form-data|proxy-from-env)[/\\]/, 'axios'],
  [/[/\\]node_modules[/\\]@pulumi[/\\]/, '@pulumi/pulumi (plugin)'],
  [/[/\\]node_modules[/\\](@grpc|google-protobuf|protobufjs|@protobufjs)[/\\]/, 'gRPC and protobuf'],
  [/[/\\]node_modules[/\\]/, 'other packages'],
];

/** The category of a frame that belongs to a package, or undefined for Node.js and V8 frames. */
function packageOf(node: ProfileNode): string | undefined {
  return PACKAGE_CATEGORIES.find(([pattern]) => pattern.test(node.callFrame.url))?.[1];
}

function vmCategory(node: ProfileNode): string {
  if (node.callFrame.functionName === '(garbage collector)') return 'garbage collection';
  if (node.callFrame.functionName === '(program)') return 'V8 (program)';
  return 'Node.js and V8 built-ins';
}

/** Sampled milliseconds by category. */
export function profileShares(profile: inspector.Profiler.Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOf = new Map<number, string | null>();
  const categorize = (leaf: number): string | null => {
    const known = categoryOf.get(leaf);
    if (known !== undefined) return known;
    const node = byId.get(leaf) as ProfileNode;
    let category: string | null = node.callFrame.functionName === '(idle)' ? null : vmCategory(node);
    for (let at: number | undefined = leaf; category !== null && at !== undefined; at = parent.get(at)) {
      const found = packageOf(byId.get(at) as ProfileNode);
      if (found !== undefined) {
        category = found;
        break;
      }
    }
    categoryOf.set(leaf, category);
    return category;
  };
  const shares = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const category = categorize(id);
    // A sample lasts until the next one.
    if (category !== null) shares.set(category, (shares.get(category) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  return shares;
}
