// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IConsentRegistry} from "./interfaces/IConsentRegistry.sol";

/**
 * @title ConsentRegistry
 * @dev Consent grants keyed by (patient pseudonym, grantee id, scope). A gateway (`GATEWAY_ROLE`)
 * records grants and revocations on behalf of its authenticated patients; a patient who holds a key
 * may be bound to an account and act directly.
 */
contract ConsentRegistry is AccessControl, IConsentRegistry {
    bytes32 public constant GATEWAY_ROLE = keccak256("GATEWAY_ROLE");

    mapping(bytes32 patient => address) private _patientAccounts;
    mapping(bytes32 consentKey => Consent) private _consents;

    constructor(address consortiumAdmin) {
        _grantRole(DEFAULT_ADMIN_ROLE, consortiumAdmin);
    }

    modifier onlyForPatient(bytes32 patient) {
        if (!hasRole(GATEWAY_ROLE, msg.sender) && _patientAccounts[patient] != msg.sender) {
            revert ConsentRegistryUnauthorizedAccount(patient, msg.sender);
        }
        _;
    }

    /**
     * @dev Binds `patient` to `account`, which may then grant and revoke for that patient.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE`; `patient` is not zero.
     *
     * Emits {PatientAccountBound}.
     */
    function bindPatientAccount(bytes32 patient, address account) external onlyRole(GATEWAY_ROLE) {
        if (patient == bytes32(0)) revert ConsentRegistryZeroValue();
        _patientAccounts[patient] = account;
        emit PatientAccountBound(patient, account);
    }

    /**
     * @dev Grants `grantee` the `scope` over `patient`'s data until `expiresAt` (unix seconds),
     * replacing any earlier grant of the same scope.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE` or is the account bound to `patient`;
     * - `patient`, `grantee` and `scope` are not zero; `expiresAt` is in the future.
     *
     * Emits {ConsentGranted}.
     */
    function grant(bytes32 patient, bytes32 grantee, bytes32 scope, uint64 expiresAt)
        external
        onlyForPatient(patient)
    {
        if (patient == bytes32(0) || grantee == bytes32(0) || scope == bytes32(0)) revert ConsentRegistryZeroValue();
        uint64 nowSeconds = uint64(block.timestamp);
        if (expiresAt <= nowSeconds) revert ConsentRegistryExpiryInPast(expiresAt, nowSeconds);
        _consents[_key(patient, grantee, scope)] = Consent({expiresAt: expiresAt, grantedAt: nowSeconds, revoked: false});
        emit ConsentGranted(patient, grantee, scope, expiresAt);
    }

    /**
     * @dev Revokes the `scope` of `grantee` over `patient`'s data.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE` or is the account bound to `patient`;
     * - a live (granted, unexpired, unrevoked) consent exists.
     *
     * Emits {ConsentRevoked}.
     */
    function revoke(bytes32 patient, bytes32 grantee, bytes32 scope) external onlyForPatient(patient) {
        Consent storage consent = _consents[_key(patient, grantee, scope)];
        if (!_isLive(consent)) revert ConsentRegistryNoConsent(patient, grantee, scope);
        consent.revoked = true;
        emit ConsentRevoked(patient, grantee, scope);
    }

    /// @dev Whether `grantee` holds a live consent for `scope` over `patient`'s data right now.
    function hasConsent(bytes32 patient, bytes32 grantee, bytes32 scope) external view returns (bool) {
        return _isLive(_consents[_key(patient, grantee, scope)]);
    }

    /// @dev The stored consent record (all zero if never granted).
    function getConsent(bytes32 patient, bytes32 grantee, bytes32 scope) external view returns (Consent memory) {
        return _consents[_key(patient, grantee, scope)];
    }

    /// @dev The account bound to `patient` (zero if none).
    function patientAccount(bytes32 patient) external view returns (address) {
        return _patientAccounts[patient];
    }

    function _isLive(Consent storage consent) private view returns (bool) {
        return !consent.revoked && consent.expiresAt > block.timestamp;
    }

    function _key(bytes32 patient, bytes32 grantee, bytes32 scope) private pure returns (bytes32) {
        return keccak256(abi.encode(patient, grantee, scope));
    }
}
