// The engine floor as a program folder: N no-op resources, N the stack config value `bench:resources`;
// `bench:properties` and `bench:padBytes` weigh each resource down (resources.ts).
import * as pulumi from '@pulumi/pulumi';
import { benchGroups } from '../../stack';
import { declareNoopStack } from './resources';

const config = new pulumi.Config('bench');
declareNoopStack(benchGroups(config.requireNumber('resources')), {
  properties: config.getNumber('properties') ?? 0,
  padBytes: config.getNumber('padBytes') ?? 0,
});
