import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** The chain could not be reached or did not answer. */
export class ChainUnavailableError extends VigilError {
  override name = 'ChainUnavailableError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_CHAIN_UNAVAILABLE', message, options);
  }
}

/** The contracts are not deployed on the configured chain (run `vigil chain deploy`). */
export class ContractsNotDeployedError extends VigilError {
  override name = 'ContractsNotDeployedError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_CHAIN_NOT_DEPLOYED', message, options);
  }
}

/** The embedded chain's journal is unreadable or disagrees with the replayed chain. */
export class ChainJournalError extends VigilError {
  override name = 'ChainJournalError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_CHAIN_JOURNAL_CORRUPT', message, options);
  }
}

/**
 * A contract call reverted. `code` is derived from the Solidity custom error
 * (`DataAnchorSequenceGap` → `VIGIL_CHAIN_DATA_ANCHOR_SEQUENCE_GAP`); `errorName` and `args`
 * carry the decoded error.
 */
export class ContractRevertError extends VigilError {
  override name = 'ContractRevertError';
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(
    contract: string,
    errorName: string,
    args: readonly unknown[],
    options: VigilErrorOptions = {},
  ) {
    super(revertCode(errorName), `${contract} reverted with ${errorName}`, {
      ...options,
      details: { contract, errorName, args },
    });
    this.errorName = errorName;
    this.args = args;
  }
}

/** Maps a Solidity custom error name to its stable Vigil code. */
export function revertCode(errorName: string): string {
  const snake = errorName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
  return `VIGIL_CHAIN_${snake}`;
}
