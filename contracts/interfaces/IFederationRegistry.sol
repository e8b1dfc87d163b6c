// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev Federated-learning rounds of the consortium: each federation (one model trained by many
 * hospitals) is a chain of rounds, each naming the previous global model's SHA-256, the participating
 * hospitals (organisation ids, as in {IDeviceRegistry}), each update's SHA-256, the aggregator and its
 * parameters, the new global model's SHA-256 and each hospital's weight and trust. Hospitals whose
 * trust fell below the threshold are excluded per federation until the consortium admin reinstates them.
 * No update, no row and no patient data is on chain: only digests, ids and scores.
 */
interface IFederationRegistry {
    struct Federation {
        address coordinator;
        bytes32 task;
        bytes32 initialModelDigest;
        bytes32 lastModelDigest;
        uint32 rounds;
        uint64 createdAt;
    }

    struct Round {
        bytes32 modelDigest;
        bytes32 previousModelDigest;
        bytes32 aggregator;
        bytes32 paramsDigest;
        uint32 participants;
        uint64 recordedAt;
        uint64 blockNumber;
    }

    /// @dev What a round records; `hospitals` strictly ascending (so no hospital appears twice).
    struct RoundInput {
        uint32 round;
        bytes32 previousModelDigest;
        bytes32 modelDigest;
        bytes32 aggregator;
        bytes32 paramsDigest;
        bytes32[] hospitals;
        bytes32[] updateDigests;
        uint16[] weightsBp;
        uint16[] trustBp;
    }

    /// @dev Where a global model digest sits: round 0 is the federation's initial model.
    struct ModelRef {
        bytes32 federationId;
        uint32 round;
    }

    /// @dev Ids, task, aggregator and digests must not be zero.
    error FederationRegistryZeroValue();
    /// @dev Federation `federationId` already exists.
    error FederationRegistryFederationExists(bytes32 federationId);
    /// @dev Federation `federationId` does not exist.
    error FederationRegistryUnknownFederation(bytes32 federationId);
    /// @dev Only `coordinator`, which created federation `federationId`, may record its rounds and exclusions.
    error FederationRegistryUnauthorizedCoordinator(bytes32 federationId, address coordinator, address account);
    /// @dev Round `round` of `federationId` was given where round `expected` was due.
    error FederationRegistryRoundOutOfSequence(bytes32 federationId, uint32 expected, uint32 round);
    /// @dev The round names `previousModelDigest` but the federation's last global model is `expected`.
    error FederationRegistryPreviousModelMismatch(bytes32 federationId, bytes32 expected, bytes32 previousModelDigest);
    /// @dev Global model `digest` is already recorded (in this or another federation).
    error FederationRegistryDuplicateModel(bytes32 digest);
    /// @dev The four per-hospital arrays must have the same length, between 1 and 256.
    error FederationRegistryLengthMismatch(uint256 hospitals, uint256 updates, uint256 weights, uint256 trust);
    /// @dev Hospitals must be strictly ascending: entry `index` is not.
    error FederationRegistryHospitalsNotAscending(uint256 index);
    /// @dev Hospital `orgId` is excluded from federation `federationId`.
    error FederationRegistryHospitalExcluded(bytes32 federationId, bytes32 orgId);
    /// @dev Hospital `orgId` is not excluded from federation `federationId`.
    error FederationRegistryHospitalNotExcluded(bytes32 federationId, bytes32 orgId);
    /// @dev Weights and trust are basis points: at most 10000; update digests must not be zero.
    error FederationRegistryInvalidContribution(bytes32 orgId);
    /// @dev A reason is required and must be at most 256 bytes long.
    error FederationRegistryInvalidReason(uint256 length);
    /// @dev No global model with digest `digest` is recorded.
    error FederationRegistryUnknownModel(bytes32 digest);
    /// @dev Round `round` of `federationId` is not recorded.
    error FederationRegistryUnknownRound(bytes32 federationId, uint32 round);

    /// @dev Emitted when `coordinator` opens federation `federationId` on initial model `initialModelDigest`.
    event FederationCreated(
        bytes32 indexed federationId, address indexed coordinator, bytes32 task, bytes32 initialModelDigest
    );
    /// @dev Emitted when round `round` of `federationId` produced global model `modelDigest`.
    event RoundRecorded(
        bytes32 indexed federationId,
        uint32 indexed round,
        bytes32 modelDigest,
        bytes32 previousModelDigest,
        bytes32 aggregator,
        bytes32 paramsDigest
    );
    /// @dev Emitted with {RoundRecorded}: who contributed to round `round`, with what update, weight and trust.
    event RoundContributions(
        bytes32 indexed federationId,
        uint32 indexed round,
        bytes32[] hospitals,
        bytes32[] updateDigests,
        uint16[] weightsBp,
        uint16[] trustBp
    );
    /// @dev Emitted when hospital `orgId` is excluded from federation `federationId` after round `round`.
    event HospitalExcluded(bytes32 indexed federationId, bytes32 indexed orgId, uint32 round, string reason);
    /// @dev Emitted when the consortium admin reinstates hospital `orgId` in federation `federationId`.
    event HospitalReinstated(bytes32 indexed federationId, bytes32 indexed orgId, string reason);

    function createFederation(bytes32 federationId, bytes32 task, bytes32 initialModelDigest) external;
    function recordRound(bytes32 federationId, RoundInput calldata input) external;
    function excludeHospital(bytes32 federationId, bytes32 orgId, uint32 round, string calldata reason) external;
    function reinstateHospital(bytes32 federationId, bytes32 orgId, string calldata reason) external;
    function getFederation(bytes32 federationId) external view returns (Federation memory);
    function getRound(bytes32 federationId, uint32 round) external view returns (Round memory);
    function findModel(bytes32 digest) external view returns (ModelRef memory);
    function isExcluded(bytes32 federationId, bytes32 orgId) external view returns (bool);
}
