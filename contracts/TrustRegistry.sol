// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ITrustRegistry} from "./interfaces/ITrustRegistry.sol";

/**
 * @title TrustRegistry
 * @dev Gateways commit devices' trust scores (basis points, 0-10000) in bulk, each with the digest of
 * the off-chain evidence behind it, and record quarantine and reinstatement with a reason.
 */
contract TrustRegistry is AccessControl, ITrustRegistry {
    bytes32 public constant GATEWAY_ROLE = keccak256("GATEWAY_ROLE");
    uint16 private constant _MAX_SCORE = 10_000;
    uint256 private constant _MAX_REASON_LENGTH = 256;

    mapping(bytes32 deviceId => Trust) private _trust;

    constructor(address consortiumAdmin) {
        _grantRole(DEFAULT_ADMIN_ROLE, consortiumAdmin);
    }

    /**
     * @dev Commits one score and evidence digest per device, in one transaction.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE`;
     * - the three arrays have the same, non-zero length; every score is at most 10000.
     *
     * Emits one {TrustScoreCommitted} per device.
     */
    function commitScores(bytes32[] calldata deviceIds, uint16[] calldata scores, bytes32[] calldata evidenceDigests)
        external
        onlyRole(GATEWAY_ROLE)
    {
        uint256 n = deviceIds.length;
        if (n == 0 || scores.length != n || evidenceDigests.length != n) {
            revert TrustRegistryLengthMismatch(n, scores.length, evidenceDigests.length);
        }
        uint64 nowSeconds = uint64(block.timestamp);
        for (uint256 i = 0; i < n; ++i) {
            if (scores[i] > _MAX_SCORE) revert TrustRegistryInvalidScore(deviceIds[i], scores[i]);
            Trust storage trust = _trust[deviceIds[i]];
            trust.score = scores[i];
            trust.evidenceDigest = evidenceDigests[i];
            trust.updatedAt = nowSeconds;
            emit TrustScoreCommitted(deviceIds[i], scores[i], evidenceDigests[i]);
        }
    }

    /**
     * @dev Quarantines `deviceId`: its readings are kept but flagged and excluded from alerts and training.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE`; the device is not quarantined;
     * - `reason` is 1-256 bytes.
     *
     * Emits {DeviceQuarantined}.
     */
    function quarantine(bytes32 deviceId, string calldata reason) external onlyRole(GATEWAY_ROLE) {
        _checkReason(reason);
        Trust storage trust = _trust[deviceId];
        if (trust.quarantined) revert TrustRegistryAlreadyQuarantined(deviceId);
        trust.quarantined = true;
        emit DeviceQuarantined(deviceId, reason);
    }

    /**
     * @dev Lifts the quarantine of `deviceId`.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE` (acting for an authenticated admin); the device is quarantined;
     * - `reason` is 1-256 bytes.
     *
     * Emits {DeviceReinstated}.
     */
    function reinstate(bytes32 deviceId, string calldata reason) external onlyRole(GATEWAY_ROLE) {
        _checkReason(reason);
        Trust storage trust = _trust[deviceId];
        if (!trust.quarantined) revert TrustRegistryNotQuarantined(deviceId);
        trust.quarantined = false;
        emit DeviceReinstated(deviceId, reason);
    }

    /// @dev The last committed trust of `deviceId` (all zero if none).
    function getTrust(bytes32 deviceId) external view returns (Trust memory) {
        return _trust[deviceId];
    }

    /// @dev Whether `deviceId` is quarantined.
    function isQuarantined(bytes32 deviceId) external view returns (bool) {
        return _trust[deviceId].quarantined;
    }

    function _checkReason(string calldata reason) private pure {
        uint256 length = bytes(reason).length;
        if (length == 0 || length > _MAX_REASON_LENGTH) revert TrustRegistryInvalidReason(length);
    }
}
