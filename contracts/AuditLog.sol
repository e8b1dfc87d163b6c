// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAuditLog} from "./interfaces/IAuditLog.sol";

/**
 * @title AuditLog
 * @dev Gateways anchor the Merkle root of each batch of access-log entries, in sequence and
 * chained by previous root, exactly as {DataAnchor} does for readings.
 */
contract AuditLog is AccessControl, IAuditLog {
    bytes32 public constant GATEWAY_ROLE = keccak256("GATEWAY_ROLE");

    mapping(bytes32 gatewayId => address) private _operators;
    mapping(bytes32 gatewayId => uint64) private _nextSeq;
    mapping(bytes32 gatewayId => bytes32) private _lastRoot;
    mapping(bytes32 gatewayId => mapping(uint64 seq => AuditBatch)) private _batches;

    constructor(address consortiumAdmin) {
        _grantRole(DEFAULT_ADMIN_ROLE, consortiumAdmin);
    }

    /**
     * @dev Anchors audit batch `seq` of `gatewayId`: `count` access-log entries whose Merkle root is `root`.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE` and operates `gatewayId` (the first anchor binds it);
     * - `gatewayId` and `root` are not zero and `count` is positive;
     * - `seq` is the next sequence number of `gatewayId` and `prevRoot` its last root (zero before the first).
     *
     * Emits {AuditBatchAnchored}.
     */
    function anchorAuditBatch(bytes32 gatewayId, uint64 seq, bytes32 root, bytes32 prevRoot, uint32 count)
        external
        onlyRole(GATEWAY_ROLE)
    {
        if (gatewayId == bytes32(0) || root == bytes32(0) || count == 0) revert AuditLogInvalidBatch(gatewayId, seq);
        address operator = _operators[gatewayId];
        if (operator == address(0)) {
            _operators[gatewayId] = msg.sender;
        } else if (operator != msg.sender) {
            revert AuditLogUnauthorizedGateway(gatewayId, operator, msg.sender);
        }
        uint64 expected = _nextSeq[gatewayId];
        if (seq < expected) revert AuditLogDuplicateBatch(gatewayId, seq);
        if (seq > expected) revert AuditLogSequenceGap(gatewayId, expected, seq);
        bytes32 last = _lastRoot[gatewayId];
        if (prevRoot != last) revert AuditLogPreviousRootMismatch(gatewayId, last, prevRoot);

        _batches[gatewayId][seq] = AuditBatch({
            root: root,
            prevRoot: prevRoot,
            count: count,
            anchoredAt: uint64(block.timestamp),
            blockNumber: uint64(block.number)
        });
        _nextSeq[gatewayId] = seq + 1;
        _lastRoot[gatewayId] = root;
        emit AuditBatchAnchored(gatewayId, seq, root, prevRoot, count);
    }

    /// @dev Audit batch `seq` of `gatewayId`; reverts with {AuditLogUnknownBatch} if it was never anchored.
    function getAuditBatch(bytes32 gatewayId, uint64 seq) external view returns (AuditBatch memory) {
        AuditBatch memory batch = _batches[gatewayId][seq];
        if (batch.root == bytes32(0)) revert AuditLogUnknownBatch(gatewayId, seq);
        return batch;
    }

    /// @dev The sequence number the next audit batch of `gatewayId` must carry.
    function nextSequence(bytes32 gatewayId) external view returns (uint64) {
        return _nextSeq[gatewayId];
    }

    /// @dev The root of the last anchored audit batch of `gatewayId` (zero before the first).
    function lastRoot(bytes32 gatewayId) external view returns (bytes32) {
        return _lastRoot[gatewayId];
    }

    /// @dev The account bound to `gatewayId` (zero before its first audit batch).
    function operatorOf(bytes32 gatewayId) external view returns (address) {
        return _operators[gatewayId];
    }
}
