// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev Merkle roots of gateways' batches of access-log entries (who read which patient's data, when,
 * allowed or denied). The entries stay off chain; their roots make the trail tamper-evident.
 */
interface IAuditLog {
    struct AuditBatch {
        bytes32 root;
        bytes32 prevRoot;
        uint32 count;
        uint64 anchoredAt;
        uint64 blockNumber;
    }

    /// @dev `gatewayId` is operated by `operator`; `account` may not anchor for it.
    error AuditLogUnauthorizedGateway(bytes32 gatewayId, address operator, address account);
    /// @dev Audit batch `seq` comes after a gap: the next expected sequence number is `expected`.
    error AuditLogSequenceGap(bytes32 gatewayId, uint64 expected, uint64 seq);
    /// @dev Audit batch `seq` of `gatewayId` is already anchored.
    error AuditLogDuplicateBatch(bytes32 gatewayId, uint64 seq);
    /// @dev The batch names `prevRoot` but the last anchored root is `expected`.
    error AuditLogPreviousRootMismatch(bytes32 gatewayId, bytes32 expected, bytes32 prevRoot);
    /// @dev A batch needs a non-zero gateway id and root, and at least one entry.
    error AuditLogInvalidBatch(bytes32 gatewayId, uint64 seq);
    /// @dev Audit batch `seq` of `gatewayId` was never anchored.
    error AuditLogUnknownBatch(bytes32 gatewayId, uint64 seq);

    /// @dev Emitted when the root of a batch of access-log entries is anchored.
    event AuditBatchAnchored(bytes32 indexed gatewayId, uint64 indexed seq, bytes32 root, bytes32 prevRoot, uint32 count);

    function anchorAuditBatch(bytes32 gatewayId, uint64 seq, bytes32 root, bytes32 prevRoot, uint32 count) external;
    function getAuditBatch(bytes32 gatewayId, uint64 seq) external view returns (AuditBatch memory);
}
