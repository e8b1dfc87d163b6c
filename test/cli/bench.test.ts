import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.ts';

// Argument errors are reported before any benchmark work starts.
describe('vigil bench ingest arguments', () => {
  it('refuses more readings per message than the gateway accepts in one message', () => {
    const r = runCli(['bench', 'ingest', '--readings-per-message', '501']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error VIGIL_INVALID_ARGUMENT: --readings-per-message must be at most 500');
  });

  it('refuses a reading count per message that is not a positive integer', () => {
    for (const value of ['0', '2.5', 'ten']) {
      const r = runCli(['bench', 'ingest', '--readings-per-message', value]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('--readings-per-message must be a positive integer');
    }
  });
});
