// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev Registry of consortium organisations (hospitals), their admins and their medical devices.
 * Only ids, pseudonyms and public keys are stored: never patient data.
 */
interface IDeviceRegistry {
    enum DeviceStatus {
        None,
        Active,
        Revoked
    }

    struct Device {
        bytes32 orgId;
        bytes32 kind;
        bytes32 patient;
        bytes publicKey;
        uint32 keyVersion;
        DeviceStatus status;
        uint64 registeredAt;
        uint64 updatedAt;
    }

    /// @dev The organisation `orgId` is already registered.
    error DeviceRegistryOrganisationExists(bytes32 orgId);
    /// @dev The organisation `orgId` is not registered.
    error DeviceRegistryUnknownOrganisation(bytes32 orgId);
    /// @dev `account` is neither a consortium admin nor an admin of `orgId`.
    error DeviceRegistryUnauthorizedAccount(bytes32 orgId, address account);
    /// @dev `account` is already (or is not) an admin of `orgId`.
    error DeviceRegistryAdminUnchanged(bytes32 orgId, address account);
    /// @dev A device with id `deviceId` was registered before (ids are never reused).
    error DeviceRegistryDeviceExists(bytes32 deviceId);
    /// @dev No device with id `deviceId` is registered.
    error DeviceRegistryUnknownDevice(bytes32 deviceId);
    /// @dev The device `deviceId` is revoked; revocation is final.
    error DeviceRegistryDeviceRevoked(bytes32 deviceId);
    /// @dev A public key must be a 65-byte SEC1 uncompressed P-256 point (0x04 || X || Y).
    error DeviceRegistryInvalidPublicKey(uint256 length);
    /// @dev An id, kind or pseudonym must not be zero.
    error DeviceRegistryZeroValue();
    /// @dev Device `deviceId` already belongs to `orgId`.
    error DeviceRegistrySameOrganisation(bytes32 deviceId, bytes32 orgId);

    /// @dev Emitted when a consortium admin registers organisation `orgId` with its first admin.
    event OrganisationRegistered(bytes32 indexed orgId, address indexed admin);
    /// @dev Emitted when `account` becomes an admin of `orgId`.
    event OrganisationAdminAdded(bytes32 indexed orgId, address indexed account);
    /// @dev Emitted when `account` stops being an admin of `orgId`.
    event OrganisationAdminRemoved(bytes32 indexed orgId, address indexed account);
    /// @dev Emitted when a device is registered for a patient pseudonym.
    event DeviceRegistered(
        bytes32 indexed deviceId, bytes32 indexed orgId, bytes32 kind, bytes32 patient, bytes publicKey
    );
    /// @dev Emitted when a device's public key is replaced; `keyVersion` counts from 1.
    event DeviceKeyRotated(bytes32 indexed deviceId, bytes32 indexed orgId, bytes publicKey, uint32 keyVersion);
    /// @dev Emitted when a device is revoked.
    event DeviceRevoked(bytes32 indexed deviceId, bytes32 indexed orgId);
    /// @dev Emitted when a device moves to another organisation (it follows a transferred patient).
    event DeviceTransferred(bytes32 indexed deviceId, bytes32 indexed fromOrgId, bytes32 indexed toOrgId);

    function registerOrganisation(bytes32 orgId, address admin) external;
    function addOrganisationAdmin(bytes32 orgId, address account) external;
    function removeOrganisationAdmin(bytes32 orgId, address account) external;
    function registerDevice(bytes32 deviceId, bytes32 orgId, bytes32 kind, bytes32 patient, bytes calldata publicKey)
        external;
    function rotateDeviceKey(bytes32 deviceId, bytes calldata publicKey) external;
    function revokeDevice(bytes32 deviceId) external;
    function transferDevice(bytes32 deviceId, bytes32 toOrgId) external;
    function isOrganisation(bytes32 orgId) external view returns (bool);
    function isOrganisationAdmin(bytes32 orgId, address account) external view returns (bool);
    function getDevice(bytes32 deviceId) external view returns (Device memory);
    function isActive(bytes32 deviceId) external view returns (bool);
}
