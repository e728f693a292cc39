#!/usr/bin/env node
// The `hudang` command when installed as a package: runs the TypeScript CLI in this process through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/run.ts');
