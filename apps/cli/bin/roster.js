#!/usr/bin/env node
// The `roster` command: runs the TypeScript sources through tsx, like `npm start` does.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
