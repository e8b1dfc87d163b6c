// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev Device trust scores committed by gateways, with a digest of the evidence behind each score,
 * and the quarantine state of each device.
 */
interface ITrustRegistry {
    struct Trust {
        uint16 score;
        bytes32 evidenceDigest;
        uint64 updatedAt;
        bool quarantined;
    }

    /// @dev `deviceIds`, `scores` and `evidenceDigests` must have the same, non-zero length.
    error TrustRegistryLengthMismatch(uint256 devices, uint256 scores, uint256 digests);
    /// @dev Scores are basis points: at most 10000.
    error TrustRegistryInvalidScore(bytes32 deviceId, uint16 score);
    /// @dev Device `deviceId` is already quarantined.
    error TrustRegistryAlreadyQuarantined(bytes32 deviceId);
    /// @dev Device `deviceId` is not quarantined.
    error TrustRegistryNotQuarantined(bytes32 deviceId);
    /// @dev A reason is required and must be at most 256 bytes long.
    error TrustRegistryInvalidReason(uint256 length);

    /// @dev Emitted for each device whose score is committed.
    event TrustScoreCommitted(bytes32 indexed deviceId, uint16 score, bytes32 evidenceDigest);
    /// @dev Emitted when a device is quarantined.
    event DeviceQuarantined(bytes32 indexed deviceId, string reason);
    /// @dev Emitted when a quarantined device is reinstated.
    event DeviceReinstated(bytes32 indexed deviceId, string reason);

    function commitScores(bytes32[] calldata deviceIds, uint16[] calldata scores, bytes32[] calldata evidenceDigests)
        external;
    function quarantine(bytes32 deviceId, string calldata reason) external;
    function reinstate(bytes32 deviceId, string calldata reason) external;
    function getTrust(bytes32 deviceId) external view returns (Trust memory);
    function isQuarantined(bytes32 deviceId) external view returns (bool);
}
