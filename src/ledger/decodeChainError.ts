import { BaseError, ContractFunctionRevertedError, HttpRequestError, TimeoutError } from 'viem';
import { VigilError } from '../errors/index.ts';
import { ChainUnavailableError, ContractRevertError } from './errors.ts';

/**
 * Turns whatever a chain call threw into a Vigil error: decoded custom errors become
 * {@link ContractRevertError} with a stable code, network failures {@link ChainUnavailableError}.
 */
export function decodeChainError(error: unknown, contract: string): VigilError {
  if (error instanceof VigilError) return error;
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName ?? (revert.reason ? 'Error' : 'UnknownRevert');
      const args = revert.data?.args ?? (revert.reason ? [revert.reason] : []);
      return new ContractRevertError(contract, name, args, { cause: error });
    }
    const network = error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError);
    if (network)
      return new ChainUnavailableError(`the chain did not answer: ${error.shortMessage}`, { cause: error });
    return new VigilError('VIGIL_CHAIN_CALL_FAILED', `${contract}: ${error.shortMessage}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|fetch failed|socket hang up/i.test(message)) {
    return new ChainUnavailableError(`the chain did not answer: ${message}`, { cause: error });
  }
  return new VigilError('VIGIL_CHAIN_CALL_FAILED', `${contract}: ${message}`, { cause: error });
}
