// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IFederationRegistry} from "./interfaces/IFederationRegistry.sol";

/**
 * @title FederationRegistry
 * @dev Records federated-learning rounds: a `GATEWAY_ROLE` account opens a federation and becomes its
 * coordinator; each round must follow the last (number and previous global model digest), name its
 * hospitals in ascending order, none of them excluded, with one update digest, weight and trust each.
 * The coordinator excludes a hospital whose trust fell below the threshold; only the consortium admin
 * reinstates it. Every global model digest is recorded once, so a model file's lineage can be found.
 */
contract FederationRegistry is AccessControl, IFederationRegistry {
    bytes32 public constant GATEWAY_ROLE = keccak256("GATEWAY_ROLE");
    uint16 private constant _MAX_BP = 10_000;
    uint256 private constant _MAX_PARTICIPANTS = 256;
    uint256 private constant _MAX_REASON_LENGTH = 256;

    mapping(bytes32 federationId => Federation) private _federations;
    mapping(bytes32 federationId => mapping(uint32 round => Round)) private _rounds;
    mapping(bytes32 digest => ModelRef) private _models;
    mapping(bytes32 federationId => mapping(bytes32 orgId => bool)) private _excluded;

    constructor(address consortiumAdmin) {
        _grantRole(DEFAULT_ADMIN_ROLE, consortiumAdmin);
    }

    /**
     * @dev Opens federation `federationId` for `task`, starting from global model `initialModelDigest`
     * (round 0); the caller becomes its coordinator.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE`;
     * - `federationId`, `task` and `initialModelDigest` are not zero; the federation is new;
     * - `initialModelDigest` is not recorded yet.
     *
     * Emits {FederationCreated}.
     */
    function createFederation(bytes32 federationId, bytes32 task, bytes32 initialModelDigest)
        external
        onlyRole(GATEWAY_ROLE)
    {
        if (federationId == bytes32(0) || task == bytes32(0) || initialModelDigest == bytes32(0)) {
            revert FederationRegistryZeroValue();
        }
        if (_federations[federationId].coordinator != address(0)) {
            revert FederationRegistryFederationExists(federationId);
        }
        _claimModel(initialModelDigest, federationId, 0);
        _federations[federationId] = Federation({
            coordinator: msg.sender,
            task: task,
            initialModelDigest: initialModelDigest,
            lastModelDigest: initialModelDigest,
            rounds: 0,
            createdAt: uint64(block.timestamp)
        });
        emit FederationCreated(federationId, msg.sender, task, initialModelDigest);
    }

    /**
     * @dev Records the next round of `federationId`.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE` and is the federation's coordinator;
     * - `input.round` is the next round (from 1) and `input.previousModelDigest` the last global model;
     * - `input.modelDigest` and `input.aggregator` are not zero; the model digest is new;
     * - the four per-hospital arrays have the same length (1-256), hospitals strictly ascending, none
     *   excluded from this federation, no zero update digest, weights and trust at most 10000.
     *
     * Emits {RoundRecorded} and {RoundContributions}.
     */
    function recordRound(bytes32 federationId, RoundInput calldata input) external onlyRole(GATEWAY_ROLE) {
        Federation storage federation = _coordinated(federationId);
        if (input.round != federation.rounds + 1) {
            revert FederationRegistryRoundOutOfSequence(federationId, federation.rounds + 1, input.round);
        }
        if (input.previousModelDigest != federation.lastModelDigest) {
            revert FederationRegistryPreviousModelMismatch(
                federationId, federation.lastModelDigest, input.previousModelDigest
            );
        }
        if (input.modelDigest == bytes32(0) || input.aggregator == bytes32(0)) revert FederationRegistryZeroValue();
        _checkContributions(federationId, input);
        _claimModel(input.modelDigest, federationId, input.round);

        federation.rounds = input.round;
        federation.lastModelDigest = input.modelDigest;
        _rounds[federationId][input.round] = Round({
            modelDigest: input.modelDigest,
            previousModelDigest: input.previousModelDigest,
            aggregator: input.aggregator,
            paramsDigest: input.paramsDigest,
            participants: uint32(input.hospitals.length),
            recordedAt: uint64(block.timestamp),
            blockNumber: uint64(block.number)
        });
        emit RoundRecorded(
            federationId,
            input.round,
            input.modelDigest,
            input.previousModelDigest,
            input.aggregator,
            input.paramsDigest
        );
        emit RoundContributions(
            federationId, input.round, input.hospitals, input.updateDigests, input.weightsBp, input.trustBp
        );
    }

    /**
     * @dev Excludes hospital `orgId` from `federationId` after round `round`: its updates are refused
     * until the consortium admin reinstates it.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE` and is the federation's coordinator;
     * - `orgId` is not zero and not excluded; `reason` is 1-256 bytes.
     *
     * Emits {HospitalExcluded}.
     */
    function excludeHospital(bytes32 federationId, bytes32 orgId, uint32 round, string calldata reason)
        external
        onlyRole(GATEWAY_ROLE)
    {
        _coordinated(federationId);
        _checkReason(reason);
        if (orgId == bytes32(0)) revert FederationRegistryZeroValue();
        if (_excluded[federationId][orgId]) revert FederationRegistryHospitalExcluded(federationId, orgId);
        _excluded[federationId][orgId] = true;
        emit HospitalExcluded(federationId, orgId, round, reason);
    }

    /**
     * @dev Reinstates hospital `orgId` in `federationId`.
     *
     * Requirements:
     * - the caller has `DEFAULT_ADMIN_ROLE` (the consortium admin, not the coordinator);
     * - the federation exists and `orgId` is excluded from it; `reason` is 1-256 bytes.
     *
     * Emits {HospitalReinstated}.
     */
    function reinstateHospital(bytes32 federationId, bytes32 orgId, string calldata reason)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _federation(federationId);
        _checkReason(reason);
        if (!_excluded[federationId][orgId]) revert FederationRegistryHospitalNotExcluded(federationId, orgId);
        _excluded[federationId][orgId] = false;
        emit HospitalReinstated(federationId, orgId, reason);
    }

    /// @dev Federation `federationId`; reverts with {FederationRegistryUnknownFederation} if none.
    function getFederation(bytes32 federationId) external view returns (Federation memory) {
        return _federation(federationId);
    }

    /// @dev Round `round` (from 1) of `federationId`; reverts with {FederationRegistryUnknownRound} if none.
    function getRound(bytes32 federationId, uint32 round) external view returns (Round memory) {
        Round memory r = _rounds[federationId][round];
        if (r.modelDigest == bytes32(0)) revert FederationRegistryUnknownRound(federationId, round);
        return r;
    }

    /// @dev The federation and round that produced global model `digest`; reverts if it is not recorded.
    function findModel(bytes32 digest) external view returns (ModelRef memory) {
        ModelRef memory ref = _models[digest];
        if (ref.federationId == bytes32(0)) revert FederationRegistryUnknownModel(digest);
        return ref;
    }

    /// @dev Whether hospital `orgId` is excluded from federation `federationId`.
    function isExcluded(bytes32 federationId, bytes32 orgId) external view returns (bool) {
        return _excluded[federationId][orgId];
    }

    function _federation(bytes32 federationId) private view returns (Federation storage federation) {
        federation = _federations[federationId];
        if (federation.coordinator == address(0)) revert FederationRegistryUnknownFederation(federationId);
    }

    function _coordinated(bytes32 federationId) private view returns (Federation storage federation) {
        federation = _federation(federationId);
        if (federation.coordinator != msg.sender) {
            revert FederationRegistryUnauthorizedCoordinator(federationId, federation.coordinator, msg.sender);
        }
    }

    function _claimModel(bytes32 digest, bytes32 federationId, uint32 round) private {
        if (_models[digest].federationId != bytes32(0)) revert FederationRegistryDuplicateModel(digest);
        _models[digest] = ModelRef({federationId: federationId, round: round});
    }

    function _checkContributions(bytes32 federationId, RoundInput calldata input) private view {
        uint256 n = input.hospitals.length;
        if (
            n == 0 || n > _MAX_PARTICIPANTS || input.updateDigests.length != n || input.weightsBp.length != n
                || input.trustBp.length != n
        ) {
            revert FederationRegistryLengthMismatch(
                n, input.updateDigests.length, input.weightsBp.length, input.trustBp.length
            );
        }
        for (uint256 i = 0; i < n; ++i) {
            bytes32 orgId = input.hospitals[i];
            if (orgId == bytes32(0) || (i > 0 && orgId <= input.hospitals[i - 1])) {
                revert FederationRegistryHospitalsNotAscending(i);
            }
            if (_excluded[federationId][orgId]) revert FederationRegistryHospitalExcluded(federationId, orgId);
            if (input.updateDigests[i] == bytes32(0) || input.weightsBp[i] > _MAX_BP || input.trustBp[i] > _MAX_BP) {
                revert FederationRegistryInvalidContribution(orgId);
            }
        }
    }

    function _checkReason(string calldata reason) private pure {
        uint256 length = bytes(reason).length;
        if (length == 0 || length > _MAX_REASON_LENGTH) revert FederationRegistryInvalidReason(length);
    }
}
