// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAuditLog} from "./interfaces/IAuditLog.sol";
import {SequencedBatches} from "./utils/SequencedBatches.sol";

/**
 * @title AuditLog
 * @dev Gateways anchor the Merkle root of each batch of access-log entries. A gateway id is bound to
 * the first `GATEWAY_ROLE` account that anchors for it; batches must arrive in sequence (from 0),
 * each naming the previous root, so a missing, duplicated or reordered batch cannot be anchored.
 */
contract AuditLog is AccessControl, SequencedBatches, IAuditLog {
    bytes32 public constant GATEWAY_ROLE = keccak256("GATEWAY_ROLE");

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
        _appendBatch(gatewayId, seq, root, prevRoot, count);
        emit AuditBatchAnchored(gatewayId, seq, root, prevRoot, count);
    }

    /// @dev Batch `seq` of `gatewayId`; reverts with {AuditLogUnknownBatch} if it was never anchored.
    function getAuditBatch(bytes32 gatewayId, uint64 seq) external view returns (AuditBatch memory) {
        BatchRecord memory b = _batch(gatewayId, seq);
        return AuditBatch({root: b.root, prevRoot: b.prevRoot, count: b.count, anchoredAt: b.anchoredAt, blockNumber: b.blockNumber});
    }

    function _revertInvalidBatch(bytes32 gatewayId, uint64 seq) internal pure override {
        revert AuditLogInvalidBatch(gatewayId, seq);
    }

    function _revertUnauthorizedGateway(bytes32 gatewayId, address operator, address account) internal pure override {
        revert AuditLogUnauthorizedGateway(gatewayId, operator, account);
    }

    function _revertDuplicateBatch(bytes32 gatewayId, uint64 seq) internal pure override {
        revert AuditLogDuplicateBatch(gatewayId, seq);
    }

    function _revertSequenceGap(bytes32 gatewayId, uint64 expected, uint64 seq) internal pure override {
        revert AuditLogSequenceGap(gatewayId, expected, seq);
    }

    function _revertPreviousRootMismatch(bytes32 gatewayId, bytes32 expected, bytes32 prevRoot) internal pure override {
        revert AuditLogPreviousRootMismatch(gatewayId, expected, prevRoot);
    }

    function _revertUnknownBatch(bytes32 gatewayId, uint64 seq) internal pure override {
        revert AuditLogUnknownBatch(gatewayId, seq);
    }
}
