// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IDataAnchor} from "./interfaces/IDataAnchor.sol";
import {SequencedBatches} from "./utils/SequencedBatches.sol";

/**
 * @title DataAnchor
 * @dev Gateways anchor the RFC 6962 Merkle root of each batch of readings. A gateway id is bound to
 * the first `GATEWAY_ROLE` account that anchors for it; batches must arrive in sequence (from 0),
 * each naming the previous root, so a missing, duplicated or reordered batch cannot be anchored.
 */
contract DataAnchor is AccessControl, SequencedBatches, IDataAnchor {
    bytes32 public constant GATEWAY_ROLE = keccak256("GATEWAY_ROLE");

    constructor(address consortiumAdmin) {
        _grantRole(DEFAULT_ADMIN_ROLE, consortiumAdmin);
    }

    /**
     * @dev Anchors batch `seq` of `gatewayId`: `count` readings whose Merkle root is `root`.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE` and operates `gatewayId` (the first anchor binds it);
     * - `gatewayId` and `root` are not zero and `count` is positive;
     * - `seq` is the next sequence number of `gatewayId` and `prevRoot` its last root (zero before the first).
     *
     * Emits {BatchAnchored}.
     */
    function anchorBatch(bytes32 gatewayId, uint64 seq, bytes32 root, bytes32 prevRoot, uint32 count)
        external
        onlyRole(GATEWAY_ROLE)
    {
        _appendBatch(gatewayId, seq, root, prevRoot, count);
        emit BatchAnchored(gatewayId, seq, root, prevRoot, count);
    }

    /// @dev Batch `seq` of `gatewayId`; reverts with {DataAnchorUnknownBatch} if it was never anchored.
    function getBatch(bytes32 gatewayId, uint64 seq) external view returns (Batch memory) {
        BatchRecord memory b = _batch(gatewayId, seq);
        return Batch({root: b.root, prevRoot: b.prevRoot, count: b.count, anchoredAt: b.anchoredAt, blockNumber: b.blockNumber});
    }

    function _revertInvalidBatch(bytes32 gatewayId, uint64 seq) internal pure override {
        revert DataAnchorInvalidBatch(gatewayId, seq);
    }

    function _revertUnauthorizedGateway(bytes32 gatewayId, address operator, address account) internal pure override {
        revert DataAnchorUnauthorizedGateway(gatewayId, operator, account);
    }

    function _revertDuplicateBatch(bytes32 gatewayId, uint64 seq) internal pure override {
        revert DataAnchorDuplicateBatch(gatewayId, seq);
    }

    function _revertSequenceGap(bytes32 gatewayId, uint64 expected, uint64 seq) internal pure override {
        revert DataAnchorSequenceGap(gatewayId, expected, seq);
    }

    function _revertPreviousRootMismatch(bytes32 gatewayId, bytes32 expected, bytes32 prevRoot) internal pure override {
        revert DataAnchorPreviousRootMismatch(gatewayId, expected, prevRoot);
    }

    function _revertUnknownBatch(bytes32 gatewayId, uint64 seq) internal pure override {
        revert DataAnchorUnknownBatch(gatewayId, seq);
    }
}
