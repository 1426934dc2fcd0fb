// The benchmark's stack as a user's program folder: N Versori resources, N the stack config value `bench:resources`.
import * as pulumi from '@pulumi/pulumi';
import { benchGroups } from '../../stack';
import { declareVersoriStack } from './resources';

declareVersoriStack(benchGroups(new pulumi.Config('bench').requireNumber('resources')));
