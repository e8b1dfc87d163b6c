// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev Patients' consent: a patient pseudonym grants a grantee (a clinician or an organisation, by
 * pseudonymous id) a scope (e.g. read vitals) until an expiry, and may revoke it at any time.
 */
interface IConsentRegistry {
    struct Consent {
        uint64 expiresAt;
        uint64 grantedAt;
        bool revoked;
    }

    /// @dev `account` may not act for patient `patient`.
    error ConsentRegistryUnauthorizedAccount(bytes32 patient, address account);
    /// @dev The expiry `expiresAt` is not after the current time `nowSeconds`.
    error ConsentRegistryExpiryInPast(uint64 expiresAt, uint64 nowSeconds);
    /// @dev No live consent of `patient` to `grantee` for `scope` exists.
    error ConsentRegistryNoConsent(bytes32 patient, bytes32 grantee, bytes32 scope);
    /// @dev Patient, grantee and scope must not be zero.
    error ConsentRegistryZeroValue();

    /// @dev Emitted when `patient` is bound to `account`, which may then grant and revoke for it.
    event PatientAccountBound(bytes32 indexed patient, address indexed account);
    /// @dev Emitted when `patient` grants `grantee` the `scope` until `expiresAt` (unix seconds).
    event ConsentGranted(bytes32 indexed patient, bytes32 indexed grantee, bytes32 indexed scope, uint64 expiresAt);
    /// @dev Emitted when `patient` revokes the `scope` of `grantee`.
    event ConsentRevoked(bytes32 indexed patient, bytes32 indexed grantee, bytes32 indexed scope);

    function bindPatientAccount(bytes32 patient, address account) external;
    function grant(bytes32 patient, bytes32 grantee, bytes32 scope, uint64 expiresAt) external;
    function revoke(bytes32 patient, bytes32 grantee, bytes32 scope) external;
    function hasConsent(bytes32 patient, bytes32 grantee, bytes32 scope) external view returns (bool);
    function getConsent(bytes32 patient, bytes32 grantee, bytes32 scope) external view returns (Consent memory);
    function patientAccount(bytes32 patient) external view returns (address);
}
