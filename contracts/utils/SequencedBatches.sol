// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev Per-gateway chains of Merkle roots, shared by {DataAnchor} (reading batches) and {AuditLog}
 * (access-log batches): a gateway id is bound to the first account that appends for it; batches must
 * arrive in sequence from 0, each naming the previous root. Derived contracts raise their own custom
 * errors through the `_revert…` hooks, so each keeps its `<Contract><Reason>` error names.
 */
abstract contract SequencedBatches {
    struct BatchRecord {
        bytes32 root;
        bytes32 prevRoot;
        uint32 count;
        uint64 anchoredAt;
        uint64 blockNumber;
    }

    mapping(bytes32 gatewayId => address) private _operators;
    mapping(bytes32 gatewayId => uint64) private _nextSeq;
    mapping(bytes32 gatewayId => bytes32) private _lastRoot;
    mapping(bytes32 gatewayId => mapping(uint64 seq => BatchRecord)) private _batches;

    /// @dev Appends batch `seq` of `gatewayId` after every check; the caller emits its event.
    function _appendBatch(bytes32 gatewayId, uint64 seq, bytes32 root, bytes32 prevRoot, uint32 count) internal {
        if (gatewayId == bytes32(0) || root == bytes32(0) || count == 0) _revertInvalidBatch(gatewayId, seq);
        address operator = _operators[gatewayId];
        if (operator == address(0)) {
            _operators[gatewayId] = msg.sender;
        } else if (operator != msg.sender) {
            _revertUnauthorizedGateway(gatewayId, operator, msg.sender);
        }
        uint64 expected = _nextSeq[gatewayId];
        if (seq < expected) _revertDuplicateBatch(gatewayId, seq);
        if (seq > expected) _revertSequenceGap(gatewayId, expected, seq);
        bytes32 last = _lastRoot[gatewayId];
        if (prevRoot != last) _revertPreviousRootMismatch(gatewayId, last, prevRoot);

        _batches[gatewayId][seq] = BatchRecord({
            root: root,
            prevRoot: prevRoot,
            count: count,
            anchoredAt: uint64(block.timestamp),
            blockNumber: uint64(block.number)
        });
        _nextSeq[gatewayId] = seq + 1;
        _lastRoot[gatewayId] = root;
    }

    /// @dev Batch `seq` of `gatewayId`, or the derived contract's unknown-batch error.
    function _batch(bytes32 gatewayId, uint64 seq) internal view returns (BatchRecord memory batch) {
        batch = _batches[gatewayId][seq];
        if (batch.root == bytes32(0)) _revertUnknownBatch(gatewayId, seq);
    }

    /// @dev The sequence number the next batch of `gatewayId` must carry.
    function nextSequence(bytes32 gatewayId) external view returns (uint64) {
        return _nextSeq[gatewayId];
    }

    /// @dev The root of the last batch of `gatewayId` (zero before the first).
    function lastRoot(bytes32 gatewayId) external view returns (bytes32) {
        return _lastRoot[gatewayId];
    }

    /// @dev The account bound to `gatewayId` (zero before its first batch).
    function operatorOf(bytes32 gatewayId) external view returns (address) {
        return _operators[gatewayId];
    }

    function _revertInvalidBatch(bytes32 gatewayId, uint64 seq) internal pure virtual;
    function _revertUnauthorizedGateway(bytes32 gatewayId, address operator, address account) internal pure virtual;
    function _revertDuplicateBatch(bytes32 gatewayId, uint64 seq) internal pure virtual;
    function _revertSequenceGap(bytes32 gatewayId, uint64 expected, uint64 seq) internal pure virtual;
    function _revertPreviousRootMismatch(bytes32 gatewayId, bytes32 expected, bytes32 prevRoot) internal pure virtual;
    function _revertUnknownBatch(bytes32 gatewayId, uint64 seq) internal pure virtual;
}
