#!/usr/bin/env node
// Entry of the `kits-ess` command: runs the TypeScript sources through tsx, so the command
// works straight after `npm install`, without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
