// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {IDeviceRegistry} from "./interfaces/IDeviceRegistry.sol";

/**
 * @title ConsortiumRegistry
 * @dev The consortium's members and their gateways, and each patient's home hospital.
 *
 * Organisations have one source of truth each way: `DeviceRegistry` says what an organisation is (its id,
 * its admins, its devices); this registry says whether it is a member (active, suspended, departed), how
 * to reach it (gateways: account, endpoint, request-signing key) and which patients live there. Admission
 * creates the organisation in `DeviceRegistry` in the same transaction, so neither fact is stored twice.
 *
 * The registry holds the admin role of every gated contract (`DataAnchor`, `AuditLog`, `TrustRegistry`,
 * `ConsentRegistry`, …) and grants `GATEWAY_ROLE` exactly to the gateways that are active in an active
 * hospital: suspending or removing a gateway (or its hospital) revokes it in the same transaction, so it
 * can no longer anchor or write trust or consent, while everything it anchored stays on chain.
 */
contract ConsortiumRegistry is AccessControl, IConsortiumRegistry {
    bytes32 private constant _GATEWAY_ROLE = keccak256("GATEWAY_ROLE");
    uint256 private constant _REQUEST_KEY_LENGTH = 65;
    uint256 private constant _MAX_TEXT_LENGTH = 256;

    IDeviceRegistry private immutable _deviceRegistry;

    mapping(bytes32 orgId => Hospital) private _hospitals;
    bytes32[] private _hospitalIds;
    mapping(bytes32 gatewayId => Gateway) private _gateways;
    mapping(address account => bytes32 gatewayId) private _gatewayOfAccount;
    mapping(bytes32 orgId => bytes32[]) private _orgGateways;
    bytes32[] private _gatewayIds;
    address[] private _gated;
    mapping(address target => bool) private _isGated;
    mapping(bytes32 patient => PatientHome[]) private _homes;

    constructor(address consortiumAdmin, IDeviceRegistry deviceRegistry_) {
        if (consortiumAdmin == address(0) || address(deviceRegistry_) == address(0)) {
            revert ConsortiumRegistryZeroValue();
        }
        _grantRole(DEFAULT_ADMIN_ROLE, consortiumAdmin);
        _deviceRegistry = deviceRegistry_;
    }

    // ---------------------------------------------------------------- hospitals

    /**
     * @dev Admits hospital `orgId`. If `DeviceRegistry` does not know the organisation yet it is registered
     * there with `admin` as its first admin; otherwise `admin` is added to its admins unless already one.
     *
     * Requirements:
     * - the caller has `DEFAULT_ADMIN_ROLE`; `orgId` and `admin` are not zero;
     * - `orgId` was never admitted (a departed hospital is not re-admitted under the same id).
     *
     * Emits {HospitalAdmitted} (and `DeviceRegistry`'s organisation events).
     */
    function admitHospital(bytes32 orgId, address admin) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (orgId == bytes32(0) || admin == address(0)) revert ConsortiumRegistryZeroValue();
        if (_hospitals[orgId].status != MemberStatus.None) revert ConsortiumRegistryHospitalExists(orgId);
        uint64 nowSeconds = uint64(block.timestamp);
        _hospitals[orgId] = Hospital({status: MemberStatus.Active, admittedAt: nowSeconds, updatedAt: nowSeconds});
        _hospitalIds.push(orgId);
        if (!_deviceRegistry.isOrganisation(orgId)) {
            _deviceRegistry.registerOrganisation(orgId, admin);
        } else if (!_deviceRegistry.isOrganisationAdmin(orgId, admin)) {
            _deviceRegistry.addOrganisationAdmin(orgId, admin);
        }
        emit HospitalAdmitted(orgId, admin);
    }

    /**
     * @dev Suspends hospital `orgId`: every gateway of it loses `GATEWAY_ROLE` (their own status is kept).
     *
     * Requirements:
     * - the caller has `DEFAULT_ADMIN_ROLE`; the hospital is active; `reason` is 1-256 bytes.
     *
     * Emits {HospitalSuspended}.
     */
    function suspendHospital(bytes32 orgId, string calldata reason) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _checkText(reason, false);
        Hospital storage hospital = _activeHospital(orgId);
        hospital.status = MemberStatus.Suspended;
        hospital.updatedAt = uint64(block.timestamp);
        _setOrganisationRoles(orgId, false);
        emit HospitalSuspended(orgId, reason);
    }

    /**
     * @dev Reinstates suspended hospital `orgId`: its active gateways get `GATEWAY_ROLE` back.
     *
     * Requirements:
     * - the caller has `DEFAULT_ADMIN_ROLE`; the hospital is suspended; `reason` is 1-256 bytes.
     *
     * Emits {HospitalReinstated}.
     */
    function reinstateHospital(bytes32 orgId, string calldata reason) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _checkText(reason, false);
        Hospital storage hospital = _knownHospital(orgId);
        if (hospital.status != MemberStatus.Suspended) {
            revert ConsortiumRegistryHospitalNotSuspended(orgId, hospital.status);
        }
        hospital.status = MemberStatus.Active;
        hospital.updatedAt = uint64(block.timestamp);
        _setOrganisationRoles(orgId, true);
        emit HospitalReinstated(orgId, reason);
    }

    /**
     * @dev Hospital `orgId` leaves the consortium for good; each of its gateways departs with it.
     *
     * Requirements:
     * - the caller is a consortium admin or an admin of `orgId` (a hospital may leave by itself);
     * - the hospital was admitted and has not departed; `reason` is 1-256 bytes.
     *
     * Emits one {GatewayDeparted} per gateway still there, then {HospitalDeparted}.
     */
    function departHospital(bytes32 orgId, string calldata reason) external {
        _checkText(reason, false);
        Hospital storage hospital = _knownHospital(orgId);
        _checkOrganisationAdmin(orgId, msg.sender);
        if (hospital.status == MemberStatus.Departed) revert ConsortiumRegistryHospitalDeparted(orgId);
        hospital.status = MemberStatus.Departed;
        hospital.updatedAt = uint64(block.timestamp);
        bytes32[] storage ids = _orgGateways[orgId];
        for (uint256 i = 0; i < ids.length; ++i) {
            Gateway storage gateway = _gateways[ids[i]];
            if (gateway.status == MemberStatus.Departed) continue;
            gateway.status = MemberStatus.Departed;
            gateway.updatedAt = uint64(block.timestamp);
            _setRole(gateway.account, false);
            emit GatewayDeparted(ids[i], orgId, reason);
        }
        emit HospitalDeparted(orgId, reason);
    }

    // ---------------------------------------------------------------- gateways

    /**
     * @dev Adds gateway `gatewayId` of hospital `orgId`, operated by chain account `account`, reachable at
     * `endpoint`, signing its requests to other gateways with P-256 key `requestKey`; grants it
     * `GATEWAY_ROLE` on every gated contract.
     *
     * Requirements:
     * - the caller has `DEFAULT_ADMIN_ROLE` (a gateway can write consent and trust consortium-wide);
     * - the hospital is active; `gatewayId` and `account` are not zero and were never used by a gateway;
     * - `endpoint` is 1-256 bytes; `requestKey` is a 65-byte SEC1 uncompressed point.
     *
     * Emits {GatewayAdded}.
     */
    function addGateway(
        bytes32 gatewayId,
        bytes32 orgId,
        address account,
        string calldata endpoint,
        bytes calldata requestKey
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (gatewayId == bytes32(0) || account == address(0)) revert ConsortiumRegistryZeroValue();
        _activeHospital(orgId);
        if (_gateways[gatewayId].status != MemberStatus.None) revert ConsortiumRegistryGatewayExists(gatewayId);
        bytes32 existing = _gatewayOfAccount[account];
        if (existing != bytes32(0)) revert ConsortiumRegistryAccountInUse(account, existing);
        _checkText(endpoint, true);
        _checkRequestKey(requestKey);
        uint64 nowSeconds = uint64(block.timestamp);
        _gateways[gatewayId] = Gateway({
            orgId: orgId,
            account: account,
            status: MemberStatus.Active,
            keyVersion: 1,
            addedAt: nowSeconds,
            updatedAt: nowSeconds,
            requestKey: requestKey,
            endpoint: endpoint
        });
        _gatewayOfAccount[account] = gatewayId;
        _orgGateways[orgId].push(gatewayId);
        _gatewayIds.push(gatewayId);
        _setRole(account, true);
        emit GatewayAdded(gatewayId, orgId, account, endpoint, requestKey);
    }

    /**
     * @dev Replaces the request-signing key of gateway `gatewayId`; the key version goes up by one and
     * peers accept only the new key from then on.
     *
     * Requirements:
     * - the gateway exists and has not departed;
     * - the caller is a consortium admin, an admin of the gateway's hospital, or the gateway itself while active;
     * - `requestKey` is a 65-byte SEC1 uncompressed point.
     *
     * Emits {GatewayKeyRotated}.
     */
    function rotateGatewayKey(bytes32 gatewayId, bytes calldata requestKey) external {
        Gateway storage gateway = _knownGateway(gatewayId);
        _checkGatewayManager(gatewayId, gateway);
        if (gateway.status == MemberStatus.Departed) revert ConsortiumRegistryGatewayDeparted(gatewayId);
        _checkRequestKey(requestKey);
        gateway.requestKey = requestKey;
        gateway.keyVersion += 1;
        gateway.updatedAt = uint64(block.timestamp);
        emit GatewayKeyRotated(gatewayId, gateway.orgId, requestKey, gateway.keyVersion);
    }

    /**
     * @dev Sets the public API endpoint of gateway `gatewayId`.
     *
     * Requirements:
     * - the gateway exists and has not departed;
     * - the caller is a consortium admin, an admin of the gateway's hospital, or the gateway itself while active;
     * - `endpoint` is 1-256 bytes.
     *
     * Emits {GatewayEndpointChanged}.
     */
    function setGatewayEndpoint(bytes32 gatewayId, string calldata endpoint) external {
        Gateway storage gateway = _knownGateway(gatewayId);
        _checkGatewayManager(gatewayId, gateway);
        if (gateway.status == MemberStatus.Departed) revert ConsortiumRegistryGatewayDeparted(gatewayId);
        _checkText(endpoint, true);
        gateway.endpoint = endpoint;
        gateway.updatedAt = uint64(block.timestamp);
        emit GatewayEndpointChanged(gatewayId, gateway.orgId, endpoint);
    }

    /**
     * @dev Suspends gateway `gatewayId`: it loses `GATEWAY_ROLE` on every gated contract.
     *
     * Requirements:
     * - the gateway is active;
     * - the caller is a consortium admin or an admin of the gateway's hospital;
     * - `reason` is 1-256 bytes.
     *
     * Emits {GatewaySuspended}.
     */
    function suspendGateway(bytes32 gatewayId, string calldata reason) external {
        _checkText(reason, false);
        Gateway storage gateway = _knownGateway(gatewayId);
        _checkOrganisationAdmin(gateway.orgId, msg.sender);
        if (gateway.status != MemberStatus.Active) revert ConsortiumRegistryGatewayNotActive(gatewayId, gateway.status);
        gateway.status = MemberStatus.Suspended;
        gateway.updatedAt = uint64(block.timestamp);
        _setRole(gateway.account, false);
        emit GatewaySuspended(gatewayId, gateway.orgId, reason);
    }

    /**
     * @dev Reinstates suspended gateway `gatewayId`: it gets `GATEWAY_ROLE` back.
     *
     * Requirements:
     * - the caller has `DEFAULT_ADMIN_ROLE`;
     * - the gateway is suspended and its hospital is active; `reason` is 1-256 bytes.
     *
     * Emits {GatewayReinstated}.
     */
    function reinstateGateway(bytes32 gatewayId, string calldata reason) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _checkText(reason, false);
        Gateway storage gateway = _knownGateway(gatewayId);
        if (gateway.status != MemberStatus.Suspended) {
            revert ConsortiumRegistryGatewayNotSuspended(gatewayId, gateway.status);
        }
        _activeHospital(gateway.orgId);
        gateway.status = MemberStatus.Active;
        gateway.updatedAt = uint64(block.timestamp);
        _setRole(gateway.account, true);
        emit GatewayReinstated(gatewayId, gateway.orgId, reason);
    }

    /**
     * @dev Gateway `gatewayId` leaves for good: it loses `GATEWAY_ROLE`; its id and account are never reused.
     *
     * Requirements:
     * - the gateway exists and has not departed;
     * - the caller is a consortium admin or an admin of the gateway's hospital;
     * - `reason` is 1-256 bytes.
     *
     * Emits {GatewayDeparted}.
     */
    function departGateway(bytes32 gatewayId, string calldata reason) external {
        _checkText(reason, false);
        Gateway storage gateway = _knownGateway(gatewayId);
        _checkOrganisationAdmin(gateway.orgId, msg.sender);
        if (gateway.status == MemberStatus.Departed) revert ConsortiumRegistryGatewayDeparted(gatewayId);
        gateway.status = MemberStatus.Departed;
        gateway.updatedAt = uint64(block.timestamp);
        _setRole(gateway.account, false);
        emit GatewayDeparted(gatewayId, gateway.orgId, reason);
    }

    /**
     * @dev Adds contracts on which the registry grants `GATEWAY_ROLE` to active gateways (granting it at
     * once to those already active).
     *
     * Requirements:
     * - the caller has `DEFAULT_ADMIN_ROLE`;
     * - each target is not zero, not gated yet, and has granted this registry its `DEFAULT_ADMIN_ROLE`.
     *
     * Emits one {GatedContractAdded} per target.
     */
    function addGatedContracts(address[] calldata targets) external onlyRole(DEFAULT_ADMIN_ROLE) {
        for (uint256 i = 0; i < targets.length; ++i) {
            address target = targets[i];
            if (target == address(0)) revert ConsortiumRegistryZeroValue();
            if (_isGated[target]) revert ConsortiumRegistryGatedContractExists(target);
            if (!IAccessControl(target).hasRole(DEFAULT_ADMIN_ROLE, address(this))) {
                revert ConsortiumRegistryNotContractAdmin(target);
            }
            _isGated[target] = true;
            _gated.push(target);
            for (uint256 g = 0; g < _gatewayIds.length; ++g) {
                Gateway storage gateway = _gateways[_gatewayIds[g]];
                if (_isEffectivelyActive(gateway)) IAccessControl(target).grantRole(_GATEWAY_ROLE, gateway.account);
            }
            emit GatedContractAdded(target);
        }
    }

    // ---------------------------------------------------------------- patients

    /**
     * @dev Sets the first home of patient pseudonym `patient` to hospital `orgId`.
     *
     * Requirements:
     * - `patient` is not zero and has no home yet; hospital `orgId` is active;
     * - the caller is a consortium admin, an admin of `orgId`, or an active gateway of `orgId`.
     *
     * Emits {PatientHomeSet}.
     */
    function setPatientHome(bytes32 patient, bytes32 orgId) external {
        if (patient == bytes32(0)) revert ConsortiumRegistryZeroValue();
        _activeHospital(orgId);
        _checkActsFor(orgId, msg.sender);
        PatientHome[] storage history = _homes[patient];
        if (history.length != 0) revert ConsortiumRegistryPatientHomeExists(patient, history[history.length - 1].orgId);
        history.push(PatientHome({orgId: orgId, since: uint64(block.timestamp), sinceBlock: uint64(block.number)}));
        emit PatientHomeSet(patient, orgId);
    }

    /**
     * @dev Transfers patient `patient` to hospital `toOrgId`, moving the listed devices (attached to the
     * patient at the old home) with it: each keeps its id, key and trust record. The old home stays in
     * {homeHistory}, so what it anchored for the patient remains attributable and verifiable.
     *
     * Requirements:
     * - the patient has a home and it is not `toOrgId`; hospital `toOrgId` is active;
     * - the caller is a consortium admin, or an admin or active gateway of the current home (which is active);
     * - every device is active, of the current home, and attached to `patient`.
     *
     * Emits {PatientTransferred} (and `DeviceRegistry`'s `DeviceTransferred` per device).
     */
    function transferPatient(bytes32 patient, bytes32 toOrgId, bytes32[] calldata deviceIds) external {
        PatientHome[] storage history = _homes[patient];
        if (history.length == 0) revert ConsortiumRegistryNoPatientHome(patient);
        bytes32 fromOrgId = history[history.length - 1].orgId;
        if (fromOrgId == toOrgId) revert ConsortiumRegistrySameHome(patient, toOrgId);
        _activeHospital(toOrgId);
        if (!hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            _activeHospital(fromOrgId);
            _checkActsFor(fromOrgId, msg.sender);
        }
        for (uint256 i = 0; i < deviceIds.length; ++i) {
            bytes32 deviceId = deviceIds[i];
            // Checked here so a bad list fails with this registry's error, not the device registry's.
            if (!_deviceRegistry.isActive(deviceId)) {
                revert ConsortiumRegistryDeviceNotWithPatient(deviceId, patient, fromOrgId);
            }
            IDeviceRegistry.Device memory device = _deviceRegistry.getDevice(deviceId);
            if (device.orgId != fromOrgId || device.patient != patient) {
                revert ConsortiumRegistryDeviceNotWithPatient(deviceId, patient, fromOrgId);
            }
            _deviceRegistry.transferDevice(deviceId, toOrgId);
        }
        history.push(PatientHome({orgId: toOrgId, since: uint64(block.timestamp), sinceBlock: uint64(block.number)}));
        emit PatientTransferred(patient, fromOrgId, toOrgId);
    }

    // ---------------------------------------------------------------- views

    /// @dev The `DeviceRegistry` holding organisations, their admins and devices.
    function deviceRegistry() external view returns (IDeviceRegistry) {
        return _deviceRegistry;
    }

    /// @dev Hospital `orgId`; reverts with {ConsortiumRegistryUnknownHospital} if it was never admitted.
    function getHospital(bytes32 orgId) external view returns (Hospital memory) {
        return _knownHospital(orgId);
    }

    /// @dev Whether `orgId` is an active member.
    function isActiveMember(bytes32 orgId) external view returns (bool) {
        return _hospitals[orgId].status == MemberStatus.Active;
    }

    /// @dev Every hospital ever admitted, in admission order.
    function hospitalIds() external view returns (bytes32[] memory) {
        return _hospitalIds;
    }

    /// @dev Gateway `gatewayId`; reverts with {ConsortiumRegistryUnknownGateway} if it was never added.
    function getGateway(bytes32 gatewayId) external view returns (Gateway memory) {
        return _knownGateway(gatewayId);
    }

    /// @dev The gateway id operated by `account` (zero if none, ever).
    function gatewayIdOf(address account) external view returns (bytes32) {
        return _gatewayOfAccount[account];
    }

    /// @dev Whether `account` operates an active gateway of an active hospital (it then holds `GATEWAY_ROLE`).
    function isActiveGateway(address account) external view returns (bool) {
        bytes32 gatewayId = _gatewayOfAccount[account];
        return gatewayId != bytes32(0) && _isEffectivelyActive(_gateways[gatewayId]);
    }

    /// @dev Every gateway ever added, in order.
    function gatewayIds() external view returns (bytes32[] memory) {
        return _gatewayIds;
    }

    /// @dev The gateways ever added to hospital `orgId`, in order.
    function gatewaysOf(bytes32 orgId) external view returns (bytes32[] memory) {
        return _orgGateways[orgId];
    }

    /// @dev The contracts on which this registry grants `GATEWAY_ROLE`.
    function gatedContracts() external view returns (address[] memory) {
        return _gated;
    }

    /// @dev The current home of `patient` (zero if none).
    function homeOf(bytes32 patient) external view returns (bytes32) {
        PatientHome[] storage history = _homes[patient];
        return history.length == 0 ? bytes32(0) : history[history.length - 1].orgId;
    }

    /// @dev Every home of `patient`, oldest first (empty if none).
    function homeHistory(bytes32 patient) external view returns (PatientHome[] memory) {
        return _homes[patient];
    }

    // ---------------------------------------------------------------- internals

    function _knownHospital(bytes32 orgId) private view returns (Hospital storage hospital) {
        hospital = _hospitals[orgId];
        if (hospital.status == MemberStatus.None) revert ConsortiumRegistryUnknownHospital(orgId);
    }

    function _activeHospital(bytes32 orgId) private view returns (Hospital storage hospital) {
        hospital = _knownHospital(orgId);
        if (hospital.status != MemberStatus.Active) revert ConsortiumRegistryHospitalNotActive(orgId, hospital.status);
    }

    function _knownGateway(bytes32 gatewayId) private view returns (Gateway storage gateway) {
        gateway = _gateways[gatewayId];
        if (gateway.status == MemberStatus.None) revert ConsortiumRegistryUnknownGateway(gatewayId);
    }

    function _isEffectivelyActive(Gateway storage gateway) private view returns (bool) {
        return gateway.status == MemberStatus.Active && _hospitals[gateway.orgId].status == MemberStatus.Active;
    }

    /// @dev Consortium admins, and admins of `orgId` in `DeviceRegistry`.
    function _checkOrganisationAdmin(bytes32 orgId, address account) private view {
        if (!hasRole(DEFAULT_ADMIN_ROLE, account) && !_deviceRegistry.isOrganisationAdmin(orgId, account)) {
            revert ConsortiumRegistryUnauthorizedAccount(orgId, account);
        }
    }

    /// @dev Consortium admins, admins of `orgId`, and active gateways of `orgId`.
    function _checkActsFor(bytes32 orgId, address account) private view {
        bytes32 own = _gatewayOfAccount[account];
        if (own != bytes32(0) && _gateways[own].orgId == orgId && _isEffectivelyActive(_gateways[own])) return;
        _checkOrganisationAdmin(orgId, account);
    }

    /// @dev Who may change a gateway's key or endpoint: admins, or the gateway itself while active.
    function _checkGatewayManager(bytes32 gatewayId, Gateway storage gateway) private view {
        if (_gatewayOfAccount[msg.sender] == gatewayId && _isEffectivelyActive(gateway)) return;
        _checkOrganisationAdmin(gateway.orgId, msg.sender);
    }

    function _setOrganisationRoles(bytes32 orgId, bool granted) private {
        bytes32[] storage ids = _orgGateways[orgId];
        for (uint256 i = 0; i < ids.length; ++i) {
            Gateway storage gateway = _gateways[ids[i]];
            if (gateway.status == MemberStatus.Active) _setRole(gateway.account, granted);
        }
    }

    function _setRole(address account, bool granted) private {
        for (uint256 i = 0; i < _gated.length; ++i) {
            if (granted) IAccessControl(_gated[i]).grantRole(_GATEWAY_ROLE, account);
            else IAccessControl(_gated[i]).revokeRole(_GATEWAY_ROLE, account);
        }
    }

    function _checkRequestKey(bytes calldata requestKey) private pure {
        if (requestKey.length != _REQUEST_KEY_LENGTH || requestKey[0] != 0x04) {
            revert ConsortiumRegistryInvalidRequestKey(requestKey.length);
        }
    }

    function _checkText(string calldata text, bool endpoint) private pure {
        uint256 length = bytes(text).length;
        if (length == 0 || length > _MAX_TEXT_LENGTH) {
            if (endpoint) revert ConsortiumRegistryInvalidEndpoint(length);
            revert ConsortiumRegistryInvalidReason(length);
        }
    }
}
