import { describe, expect, it } from 'vitest';
import { thrownCode } from '../../test/support/errorCode.ts';
import { checkAccount, checkEndpoint, checkReason } from './checkInput.ts';

describe('membership input checks', () => {
  it('accepts http(s) endpoints and drops a trailing slash', () => {
    expect(checkEndpoint('https://gw.hospital-a.example:8443/vigil/')).toBe(
      'https://gw.hospital-a.example:8443/vigil',
    );
    expect(checkEndpoint('http://10.0.0.5:8080')).toBe('http://10.0.0.5:8080');
  });

  it('refuses endpoints that are not http(s), carry credentials, a query or a fragment, or are too long', () => {
    for (const endpoint of [
      'gw.example',
      'ftp://gw.example',
      'https://user:secret@gw.example',
      'https://gw.example/?token=x',
      'https://gw.example/#x',
      `https://${'a'.repeat(260)}.example`,
    ]) {
      expect(
        thrownCode(() => checkEndpoint(endpoint)),
        endpoint,
      ).toBe('VIGIL_CONSORTIUM_INVALID_ENDPOINT');
    }
  });

  it('refuses empty, over-long and control-character reasons', () => {
    expect(checkReason('  key leaked  ')).toBe('key leaked');
    for (const reason of ['', '   ', 'x'.repeat(257), 'line\nbreak']) {
      expect(thrownCode(() => checkReason(reason))).toBe('VIGIL_CONSORTIUM_INVALID_REASON');
    }
  });

  it('refuses a malformed account address', () => {
    expect(checkAccount('0x000000000000000000000000000000000000dEaD')).toBe(
      '0x000000000000000000000000000000000000dEaD',
    );
    expect(thrownCode(() => checkAccount('0x1234'))).toBe('VIGIL_CONSORTIUM_INVALID_ACCOUNT');
  });
});
