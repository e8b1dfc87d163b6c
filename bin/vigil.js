#!/usr/bin/env node
// The `vigil` command: runs the TypeScript sources through tsx's loader, which is also
// registered for worker threads started by the gateway (see src/ingest).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
