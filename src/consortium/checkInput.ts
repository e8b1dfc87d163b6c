import { type Address, isAddress } from 'viem';
import { ConsortiumInputError } from './errors.ts';

const MAX_TEXT_BYTES = 256;

/**
 * Checks a gateway's public API base URL: http(s), no credentials, query or fragment, at most 256
 * bytes (the contract's limit); returns it without a trailing slash.
 */
export function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConsortiumInputError(
      'VIGIL_CONSORTIUM_INVALID_ENDPOINT',
      `not a URL: ${JSON.stringify(endpoint)}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConsortiumInputError('VIGIL_CONSORTIUM_INVALID_ENDPOINT', 'an endpoint must be an http(s) URL');
  }
  if (url.username || url.password || url.search || url.hash) {
    // It is public on chain: a password in it would be published to every member.
    throw new ConsortiumInputError(
      'VIGIL_CONSORTIUM_INVALID_ENDPOINT',
      'an endpoint must carry no credentials, query or fragment',
    );
  }
  const normalised = url.toString().replace(/\/$/, '');
  if (Buffer.byteLength(normalised) > MAX_TEXT_BYTES) {
    throw new ConsortiumInputError(
      'VIGIL_CONSORTIUM_INVALID_ENDPOINT',
      'an endpoint must be at most 256 bytes',
    );
  }
  return normalised;
}

/** Checks a suspension, reinstatement or departure reason: 1-256 bytes, printable, on chain for everyone. */
export function checkReason(reason: string): string {
  const trimmed = reason.trim();
  const bytes = Buffer.byteLength(trimmed);
  if (bytes === 0 || bytes > MAX_TEXT_BYTES || /\p{Cc}/u.test(trimmed)) {
    throw new ConsortiumInputError(
      'VIGIL_CONSORTIUM_INVALID_REASON',
      'a reason must be 1-256 bytes of printable text (it is public on chain: never name a patient)',
    );
  }
  return trimmed;
}

/** Checks a chain account address. */
export function checkAccount(account: string): Address {
  if (!isAddress(account, { strict: false })) {
    throw new ConsortiumInputError('VIGIL_CONSORTIUM_INVALID_ACCOUNT', `not an account address: ${account}`);
  }
  return account;
}
