// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev Membership of the consortium: which hospitals (organisations) are in it, their gateways (chain
 * account, public API endpoint, P-256 request-signing key) and each patient pseudonym's home hospital.
 * An organisation's identity and admins live in `DeviceRegistry`; this registry adds whether it is a
 * member and how to reach it, and is the one authority that grants and revokes `GATEWAY_ROLE` on the
 * gateway-facing contracts. Only ids, pseudonyms, addresses, URLs and public keys are stored.
 */
interface IConsortiumRegistry {
    /// @dev Status of a hospital or a gateway. `Departed` is final.
    enum MemberStatus {
        None,
        Active,
        Suspended,
        Departed
    }

    struct Hospital {
        MemberStatus status;
        uint64 admittedAt;
        uint64 updatedAt;
    }

    struct Gateway {
        bytes32 orgId;
        address account;
        MemberStatus status;
        /// @dev Counts from 1; a peer signs with the current version only.
        uint32 keyVersion;
        uint64 addedAt;
        uint64 updatedAt;
        /// @dev 65-byte SEC1 uncompressed P-256 public key (0x04 || X || Y) of the gateway's request signatures.
        bytes requestKey;
        /// @dev Base URL of the gateway's public API.
        string endpoint;
    }

    /// @dev One entry of a patient's home history: the hospital and when (time and block) it became home.
    struct PatientHome {
        bytes32 orgId;
        uint64 since;
        uint64 sinceBlock;
    }

    /// @dev An id, an account or an address must not be zero.
    error ConsortiumRegistryZeroValue();
    /// @dev Hospital `orgId` was admitted before (any status).
    error ConsortiumRegistryHospitalExists(bytes32 orgId);
    /// @dev Hospital `orgId` was never admitted.
    error ConsortiumRegistryUnknownHospital(bytes32 orgId);
    /// @dev Hospital `orgId` must be active for this; its status is `status`.
    error ConsortiumRegistryHospitalNotActive(bytes32 orgId, MemberStatus status);
    /// @dev Hospital `orgId` must be suspended for this; its status is `status`.
    error ConsortiumRegistryHospitalNotSuspended(bytes32 orgId, MemberStatus status);
    /// @dev Hospital `orgId` has departed; departure is final.
    error ConsortiumRegistryHospitalDeparted(bytes32 orgId);
    /// @dev A gateway with id `gatewayId` was added before (ids are never reused).
    error ConsortiumRegistryGatewayExists(bytes32 gatewayId);
    /// @dev `account` operates (or operated) gateway `gatewayId`; accounts are never reused.
    error ConsortiumRegistryAccountInUse(address account, bytes32 gatewayId);
    /// @dev No gateway with id `gatewayId` was added.
    error ConsortiumRegistryUnknownGateway(bytes32 gatewayId);
    /// @dev Gateway `gatewayId` must be active for this; its status is `status`.
    error ConsortiumRegistryGatewayNotActive(bytes32 gatewayId, MemberStatus status);
    /// @dev Gateway `gatewayId` must be suspended for this; its status is `status`.
    error ConsortiumRegistryGatewayNotSuspended(bytes32 gatewayId, MemberStatus status);
    /// @dev Gateway `gatewayId` has departed; departure is final.
    error ConsortiumRegistryGatewayDeparted(bytes32 gatewayId);
    /// @dev A request-signing key must be a 65-byte SEC1 uncompressed P-256 point (0x04 || X || Y).
    error ConsortiumRegistryInvalidRequestKey(uint256 length);
    /// @dev An endpoint is required and must be at most 256 bytes long.
    error ConsortiumRegistryInvalidEndpoint(uint256 length);
    /// @dev A reason is required and must be at most 256 bytes long.
    error ConsortiumRegistryInvalidReason(uint256 length);
    /// @dev `account` may not act for hospital `orgId` here.
    error ConsortiumRegistryUnauthorizedAccount(bytes32 orgId, address account);
    /// @dev The registry does not hold the admin role of `target`, so it could not grant gateway roles there.
    error ConsortiumRegistryNotContractAdmin(address target);
    /// @dev `target` is already a gated contract.
    error ConsortiumRegistryGatedContractExists(address target);
    /// @dev Patient `patient` already has a home, `orgId`: transfer the patient instead.
    error ConsortiumRegistryPatientHomeExists(bytes32 patient, bytes32 orgId);
    /// @dev Patient `patient` has no home yet.
    error ConsortiumRegistryNoPatientHome(bytes32 patient);
    /// @dev Patient `patient` already lives at `orgId`.
    error ConsortiumRegistrySameHome(bytes32 patient, bytes32 orgId);
    /// @dev Device `deviceId` is not an active device of `orgId` attached to `patient`.
    error ConsortiumRegistryDeviceNotWithPatient(bytes32 deviceId, bytes32 patient, bytes32 orgId);

    /// @dev Emitted when hospital `orgId` is admitted, with `admin` as one of its admins.
    event HospitalAdmitted(bytes32 indexed orgId, address indexed admin);
    /// @dev Emitted when hospital `orgId` is suspended: its gateways lose their roles.
    event HospitalSuspended(bytes32 indexed orgId, string reason);
    /// @dev Emitted when suspended hospital `orgId` is reinstated: its active gateways get their roles back.
    event HospitalReinstated(bytes32 indexed orgId, string reason);
    /// @dev Emitted when hospital `orgId` leaves the consortium (after one {GatewayDeparted} per gateway).
    event HospitalDeparted(bytes32 indexed orgId, string reason);
    /// @dev Emitted when a gateway is added to hospital `orgId`.
    event GatewayAdded(
        bytes32 indexed gatewayId, bytes32 indexed orgId, address indexed account, string endpoint, bytes requestKey
    );
    /// @dev Emitted when a gateway's request-signing key is replaced; `keyVersion` counts from 1.
    event GatewayKeyRotated(bytes32 indexed gatewayId, bytes32 indexed orgId, bytes requestKey, uint32 keyVersion);
    /// @dev Emitted when a gateway's endpoint changes.
    event GatewayEndpointChanged(bytes32 indexed gatewayId, bytes32 indexed orgId, string endpoint);
    /// @dev Emitted when a gateway is suspended: it loses its roles.
    event GatewaySuspended(bytes32 indexed gatewayId, bytes32 indexed orgId, string reason);
    /// @dev Emitted when a suspended gateway is reinstated: it gets its roles back.
    event GatewayReinstated(bytes32 indexed gatewayId, bytes32 indexed orgId, string reason);
    /// @dev Emitted when a gateway leaves for good: it loses its roles; what it anchored stays on chain.
    event GatewayDeparted(bytes32 indexed gatewayId, bytes32 indexed orgId, string reason);
    /// @dev Emitted when `target` becomes a contract on which the registry grants `GATEWAY_ROLE`.
    event GatedContractAdded(address indexed target);
    /// @dev Emitted when patient `patient` gets a first home, `orgId`.
    event PatientHomeSet(bytes32 indexed patient, bytes32 indexed orgId);
    /// @dev Emitted when patient `patient` is transferred from `fromOrgId` to `toOrgId`.
    event PatientTransferred(bytes32 indexed patient, bytes32 indexed fromOrgId, bytes32 indexed toOrgId);

    function admitHospital(bytes32 orgId, address admin) external;
    function suspendHospital(bytes32 orgId, string calldata reason) external;
    function reinstateHospital(bytes32 orgId, string calldata reason) external;
    function departHospital(bytes32 orgId, string calldata reason) external;
    function addGateway(
        bytes32 gatewayId,
        bytes32 orgId,
        address account,
        string calldata endpoint,
        bytes calldata requestKey
    ) external;
    function rotateGatewayKey(bytes32 gatewayId, bytes calldata requestKey) external;
    function setGatewayEndpoint(bytes32 gatewayId, string calldata endpoint) external;
    function suspendGateway(bytes32 gatewayId, string calldata reason) external;
    function reinstateGateway(bytes32 gatewayId, string calldata reason) external;
    function departGateway(bytes32 gatewayId, string calldata reason) external;
    function addGatedContracts(address[] calldata targets) external;
    function setPatientHome(bytes32 patient, bytes32 orgId) external;
    function transferPatient(bytes32 patient, bytes32 toOrgId, bytes32[] calldata deviceIds) external;
    function getHospital(bytes32 orgId) external view returns (Hospital memory);
    function isActiveMember(bytes32 orgId) external view returns (bool);
    function hospitalIds() external view returns (bytes32[] memory);
    function getGateway(bytes32 gatewayId) external view returns (Gateway memory);
    function gatewayIdOf(address account) external view returns (bytes32);
    function isActiveGateway(address account) external view returns (bool);
    function gatewayIds() external view returns (bytes32[] memory);
    function gatewaysOf(bytes32 orgId) external view returns (bytes32[] memory);
    function gatedContracts() external view returns (address[] memory);
    function homeOf(bytes32 patient) external view returns (bytes32);
    function homeHistory(bytes32 patient) external view returns (PatientHome[] memory);
}
