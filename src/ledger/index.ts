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
export {
  DEFAULT_ADMIN_ROLE,
  DEFAULT_SELF,
  type DeployContractsParameters,
  deployContracts,
  ensureDeployed,
  GATEWAY_ROLE,
  type SelfMembership,
} from './deployContracts.ts';
export {
  type ChainContext,
  type ContractAddresses,
  connectContracts,
  type Deployment,
  loadDeployment,
} from './deployment.ts';
export {
  ChainJournalError,
  ChainUnavailableError,
  ContractRevertError,
  ContractsNotDeployedError,
  revertCode,
} from './errors.ts';
export {
  commitGatewayRequestKey,
  GATEWAY_REQUEST_KEY_FILE,
  type GatewayRequestKey,
  loadOrCreateGatewayRequestKey,
  readGatewayRequestKey,
  stageGatewayRequestKey,
} from './gatewayRequestKey.ts';
export { type ChainStatus, getChainStatus } from './getChainStatus.ts';
export { getContractEvents } from './getContractEvents.ts';
export { readContract } from './readContract.ts';
export { writeContract } from './writeContract.ts';
