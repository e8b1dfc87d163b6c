// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev Merkle roots of gateways' reading batches. Each gateway's batches form a chain:
 * sequence numbers without gaps, each batch naming the root of the one before.
 */
interface IDataAnchor {
    struct Batch {
        bytes32 root;
        bytes32 prevRoot;
        uint32 count;
        uint64 anchoredAt;
        uint64 blockNumber;
    }

    /// @dev `gatewayId` is operated by `operator`; `account` may not anchor for it.
    error DataAnchorUnauthorizedGateway(bytes32 gatewayId, address operator, address account);
    /// @dev Batch `seq` comes after a gap: the next expected sequence number is `expected`.
    error DataAnchorSequenceGap(bytes32 gatewayId, uint64 expected, uint64 seq);
    /// @dev Batch `seq` of `gatewayId` is already anchored.
    error DataAnchorDuplicateBatch(bytes32 gatewayId, uint64 seq);
    /// @dev The batch names `prevRoot` but the last anchored root is `expected`.
    error DataAnchorPreviousRootMismatch(bytes32 gatewayId, bytes32 expected, bytes32 prevRoot);
    /// @dev A batch needs a non-zero gateway id and root, and at least one reading.
    error DataAnchorInvalidBatch(bytes32 gatewayId, uint64 seq);
    /// @dev Batch `seq` of `gatewayId` was never anchored.
    error DataAnchorUnknownBatch(bytes32 gatewayId, uint64 seq);

    /// @dev Emitted when a batch root is anchored.
    event BatchAnchored(bytes32 indexed gatewayId, uint64 indexed seq, bytes32 root, bytes32 prevRoot, uint32 count);

    function anchorBatch(bytes32 gatewayId, uint64 seq, bytes32 root, bytes32 prevRoot, uint32 count) external;
    function getBatch(bytes32 gatewayId, uint64 seq) external view returns (Batch memory);
}
