import type { Abi } from 'viem';
import {
  auditLogAbi,
  auditLogBytecode,
  consentRegistryAbi,
  consentRegistryBytecode,
  consortiumRegistryAbi,
  consortiumRegistryBytecode,
  dataAnchorAbi,
  dataAnchorBytecode,
  deviceRegistryAbi,
  deviceRegistryBytecode,
  federationRegistryAbi,
  federationRegistryBytecode,
  modelRegistryAbi,
  modelRegistryBytecode,
  trustRegistryAbi,
  trustRegistryBytecode,
} from './generated/index.ts';

/**
 * Every Vigil contract: its ABI, creation bytecode, and whether gateways hold a role on it (granted and
 * revoked by `ConsortiumRegistry`).
 */
export const contractArtifacts = {
  deviceRegistry: {
    name: 'DeviceRegistry',
    abi: deviceRegistryAbi,
    bytecode: deviceRegistryBytecode,
    gatewayRole: false,
  },
  // Deployed after DeviceRegistry (its constructor takes that address); grants and revokes GATEWAY_ROLE.
  consortiumRegistry: {
    name: 'ConsortiumRegistry',
    abi: consortiumRegistryAbi,
    bytecode: consortiumRegistryBytecode,
    gatewayRole: false,
  },
  dataAnchor: { name: 'DataAnchor', abi: dataAnchorAbi, bytecode: dataAnchorBytecode, gatewayRole: true },
  trustRegistry: {
    name: 'TrustRegistry',
    abi: trustRegistryAbi,
    bytecode: trustRegistryBytecode,
    gatewayRole: true,
  },
  consentRegistry: {
    name: 'ConsentRegistry',
    abi: consentRegistryAbi,
    bytecode: consentRegistryBytecode,
    gatewayRole: true,
  },
  auditLog: { name: 'AuditLog', abi: auditLogAbi, bytecode: auditLogBytecode, gatewayRole: true },
  modelRegistry: {
    name: 'ModelRegistry',
    abi: modelRegistryAbi,
    bytecode: modelRegistryBytecode,
    gatewayRole: true,
  },
  federationRegistry: {
    name: 'FederationRegistry',
    abi: federationRegistryAbi,
    bytecode: federationRegistryBytecode,
    gatewayRole: true,
  },
} as const;

export type ContractName = keyof typeof contractArtifacts;
export type ContractAbi<name extends ContractName> = (typeof contractArtifacts)[name]['abi'];
export const contractNames = Object.keys(contractArtifacts) as ContractName[];

/** All contract ABIs merged, for decoding errors raised by any of them (including OpenZeppelin's). */
export const allContractsAbi = contractNames.flatMap((name) => contractArtifacts[name].abi as Abi) as Abi;
