export { type AddGatewayParameters, addGateway } from './addGateway.ts';
export {
  type AdmitHospitalParameters,
  type AdmitHospitalReturnType,
  admitHospital,
} from './admitHospital.ts';
export { type BesuFile, besuNetworkFiles, GENESIS_PATH, nodeDir } from './besu/besuNetworkFiles.ts';
export {
  type BesuAccount,
  type BesuNetworkPlan,
  type BesuNode,
  type PlanBesuNetworkParameters,
  planBesuNetwork,
} from './besu/planBesuNetwork.ts';
export {
  type WriteBesuConfigParameters,
  type WriteBesuConfigReturnType,
  writeBesuConfig,
} from './besu/writeBesuConfig.ts';
export { checkEndpoint, checkReason } from './checkInput.ts';
export { type DescribeLocalGatewayReturnType, describeLocalGateway } from './describeLocalGateway.ts';
export { ConsortiumInputError, NotAGatewayError } from './errors.ts';
export { getGateway } from './getGateway.ts';
export { getHospital } from './getHospital.ts';
export { type GetPatientHomeReturnType, getPatientHome } from './getPatientHome.ts';
export { type ListConsortiumReturnType, listConsortium } from './listConsortium.ts';
export { ownGatewayId } from './ownGatewayId.ts';
export {
  type RotateGatewayKeyParameters,
  type RotateGatewayKeyReturnType,
  rotateGatewayKey,
} from './rotateGatewayKey.ts';
export { setGatewayEndpoint } from './setGatewayEndpoint.ts';
export { type GatewayAction, type SetGatewayStatusParameters, setGatewayStatus } from './setGatewayStatus.ts';
export {
  type HospitalAction,
  type SetHospitalStatusParameters,
  setHospitalStatus,
} from './setHospitalStatus.ts';
export { setPatientHome } from './setPatientHome.ts';
export { type TransferPatientParameters, transferPatient } from './transferPatient.ts';
export type { ConsortiumGateway, ConsortiumHospital, MemberStatus, PatientHomeEntry } from './types.ts';
