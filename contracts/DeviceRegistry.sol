// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IDeviceRegistry} from "./interfaces/IDeviceRegistry.sol";

/**
 * @title DeviceRegistry
 * @dev Hospitals (organisations), their admins, and their devices' P-256 public keys.
 * The consortium admin (`DEFAULT_ADMIN_ROLE`) registers organisations; an organisation's admins
 * register, re-key and revoke that organisation's devices. A device id is never reused.
 */
contract DeviceRegistry is AccessControl, IDeviceRegistry {
    uint256 private constant _PUBLIC_KEY_LENGTH = 65;

    mapping(bytes32 orgId => bool) private _organisations;
    mapping(bytes32 orgId => mapping(address account => bool)) private _orgAdmins;
    mapping(bytes32 deviceId => Device) private _devices;

    constructor(address consortiumAdmin) {
        _grantRole(DEFAULT_ADMIN_ROLE, consortiumAdmin);
    }

    modifier onlyOrganisationAdmin(bytes32 orgId) {
        _checkOrganisationAdmin(orgId, msg.sender);
        _;
    }

    /**
     * @dev Registers organisation `orgId` with `admin` as its first admin.
     *
     * Requirements:
     * - the caller has `DEFAULT_ADMIN_ROLE`;
     * - `orgId` and `admin` are not zero and `orgId` is not registered yet.
     *
     * Emits {OrganisationRegistered} and {OrganisationAdminAdded}.
     */
    function registerOrganisation(bytes32 orgId, address admin) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (orgId == bytes32(0) || admin == address(0)) revert DeviceRegistryZeroValue();
        if (_organisations[orgId]) revert DeviceRegistryOrganisationExists(orgId);
        _organisations[orgId] = true;
        _orgAdmins[orgId][admin] = true;
        emit OrganisationRegistered(orgId, admin);
        emit OrganisationAdminAdded(orgId, admin);
    }

    /**
     * @dev Makes `account` an admin of `orgId`.
     *
     * Requirements:
     * - `orgId` is registered; the caller is a consortium admin or an admin of `orgId`;
     * - `account` is not zero and not already an admin of `orgId`.
     *
     * Emits {OrganisationAdminAdded}.
     */
    function addOrganisationAdmin(bytes32 orgId, address account) external onlyOrganisationAdmin(orgId) {
        if (account == address(0)) revert DeviceRegistryZeroValue();
        if (_orgAdmins[orgId][account]) revert DeviceRegistryAdminUnchanged(orgId, account);
        _orgAdmins[orgId][account] = true;
        emit OrganisationAdminAdded(orgId, account);
    }

    /**
     * @dev Removes `account` from the admins of `orgId`.
     *
     * Requirements:
     * - `orgId` is registered; the caller is a consortium admin or an admin of `orgId`;
     * - `account` is an admin of `orgId`.
     *
     * Emits {OrganisationAdminRemoved}.
     */
    function removeOrganisationAdmin(bytes32 orgId, address account) external onlyOrganisationAdmin(orgId) {
        if (!_orgAdmins[orgId][account]) revert DeviceRegistryAdminUnchanged(orgId, account);
        _orgAdmins[orgId][account] = false;
        emit OrganisationAdminRemoved(orgId, account);
    }

    /**
     * @dev Registers device `deviceId` of organisation `orgId`, attached to patient pseudonym `patient`.
     *
     * Requirements:
     * - `orgId` is registered and the caller is a consortium admin or an admin of `orgId`;
     * - `deviceId`, `kind` and `patient` are not zero; `deviceId` was never registered;
     * - `publicKey` is a 65-byte SEC1 uncompressed point.
     *
     * Emits {DeviceRegistered}.
     */
    function registerDevice(bytes32 deviceId, bytes32 orgId, bytes32 kind, bytes32 patient, bytes calldata publicKey)
        external
        onlyOrganisationAdmin(orgId)
    {
        if (deviceId == bytes32(0) || kind == bytes32(0) || patient == bytes32(0)) revert DeviceRegistryZeroValue();
        if (_devices[deviceId].status != DeviceStatus.None) revert DeviceRegistryDeviceExists(deviceId);
        _checkPublicKey(publicKey);
        uint64 nowSeconds = uint64(block.timestamp);
        _devices[deviceId] = Device({
            orgId: orgId,
            kind: kind,
            patient: patient,
            publicKey: publicKey,
            keyVersion: 1,
            status: DeviceStatus.Active,
            registeredAt: nowSeconds,
            updatedAt: nowSeconds
        });
        emit DeviceRegistered(deviceId, orgId, kind, patient, publicKey);
    }

    /**
     * @dev Replaces the public key of active device `deviceId`.
     *
     * Requirements:
     * - the device exists and is not revoked;
     * - the caller is a consortium admin or an admin of the device's organisation;
     * - `publicKey` is a 65-byte SEC1 uncompressed point.
     *
     * Emits {DeviceKeyRotated}.
     */
    function rotateDeviceKey(bytes32 deviceId, bytes calldata publicKey) external {
        Device storage device = _activeDevice(deviceId);
        _checkOrganisationAdmin(device.orgId, msg.sender);
        _checkPublicKey(publicKey);
        device.publicKey = publicKey;
        device.keyVersion += 1;
        device.updatedAt = uint64(block.timestamp);
        emit DeviceKeyRotated(deviceId, device.orgId, publicKey, device.keyVersion);
    }

    /**
     * @dev Revokes device `deviceId` for good: gateways reject its readings from the next block on.
     *
     * Requirements:
     * - the device exists and is not revoked;
     * - the caller is a consortium admin or an admin of the device's organisation.
     *
     * Emits {DeviceRevoked}.
     */
    function revokeDevice(bytes32 deviceId) external {
        Device storage device = _activeDevice(deviceId);
        _checkOrganisationAdmin(device.orgId, msg.sender);
        device.status = DeviceStatus.Revoked;
        device.updatedAt = uint64(block.timestamp);
        emit DeviceRevoked(deviceId, device.orgId);
    }

    /**
     * @dev Moves active device `deviceId` to organisation `toOrgId`, as when it follows a transferred
     * patient: its id, key, key version, patient and trust record stay as they are.
     *
     * Requirements:
     * - the device exists and is not revoked;
     * - the caller is a consortium admin or an admin of the device's current organisation;
     * - `toOrgId` is registered and is not the device's current organisation.
     *
     * Emits {DeviceTransferred}.
     */
    function transferDevice(bytes32 deviceId, bytes32 toOrgId) external {
        Device storage device = _activeDevice(deviceId);
        bytes32 fromOrgId = device.orgId;
        _checkOrganisationAdmin(fromOrgId, msg.sender);
        if (!_organisations[toOrgId]) revert DeviceRegistryUnknownOrganisation(toOrgId);
        if (toOrgId == fromOrgId) revert DeviceRegistrySameOrganisation(deviceId, toOrgId);
        device.orgId = toOrgId;
        device.updatedAt = uint64(block.timestamp);
        emit DeviceTransferred(deviceId, fromOrgId, toOrgId);
    }

    /// @dev Whether `orgId` is a registered organisation.
    function isOrganisation(bytes32 orgId) external view returns (bool) {
        return _organisations[orgId];
    }

    /// @dev Whether `account` is an admin of `orgId` (consortium admins are not listed here).
    function isOrganisationAdmin(bytes32 orgId, address account) external view returns (bool) {
        return _orgAdmins[orgId][account];
    }

    /// @dev The device record; reverts with {DeviceRegistryUnknownDevice} if it was never registered.
    function getDevice(bytes32 deviceId) external view returns (Device memory) {
        Device memory device = _devices[deviceId];
        if (device.status == DeviceStatus.None) revert DeviceRegistryUnknownDevice(deviceId);
        return device;
    }

    /// @dev Whether `deviceId` is registered and not revoked.
    function isActive(bytes32 deviceId) external view returns (bool) {
        return _devices[deviceId].status == DeviceStatus.Active;
    }

    function _activeDevice(bytes32 deviceId) private view returns (Device storage device) {
        device = _devices[deviceId];
        if (device.status == DeviceStatus.None) revert DeviceRegistryUnknownDevice(deviceId);
        if (device.status == DeviceStatus.Revoked) revert DeviceRegistryDeviceRevoked(deviceId);
    }

    function _checkOrganisationAdmin(bytes32 orgId, address account) private view {
        if (!_organisations[orgId]) revert DeviceRegistryUnknownOrganisation(orgId);
        if (!_orgAdmins[orgId][account] && !hasRole(DEFAULT_ADMIN_ROLE, account)) {
            revert DeviceRegistryUnauthorizedAccount(orgId, account);
        }
    }

    function _checkPublicKey(bytes calldata publicKey) private pure {
        if (publicKey.length != _PUBLIC_KEY_LENGTH || publicKey[0] != 0x04) {
            revert DeviceRegistryInvalidPublicKey(publicKey.length);
        }
    }
}
