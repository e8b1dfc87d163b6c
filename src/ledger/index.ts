export { type AnchorModelDigestReturnType, anchorModelDigest } from './anchorModelDigest.ts';
export {
  allContractsAbi,
  type ContractAbi,
  type ContractName,
  contractArtifacts,
  contractNames,
} from './contracts.ts';
export {
  type CreateLedgerParameters,
  createLedger,
  type Ledger,
  type LedgerMode,
  redactUrl,
  withSigner,
} from './createLedger.ts';
export { decodeChainError } from './decodeChainError.ts';
export { completeDeployment, deployContracts, ensureDeployed, GATEWAY_ROLE } from './deployContracts.ts';
export {
  type ChainContext,
  type ContractAddresses,
  connectContracts,
  type Deployment,
  loadDeployment,
  readRecordedDeployment,
} from './deployment.ts';
export {
  ChainJournalError,
  ChainUnavailableError,
  ContractRevertError,
  ContractsNotDeployedError,
  revertCode,
} from './errors.ts';
export { type ChainStatus, getChainStatus } from './getChainStatus.ts';
export { getContractEvents } from './getContractEvents.ts';
export { readContract } from './readContract.ts';
export { writeContract } from './writeContract.ts';
