// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev SHA-256 digests of the machine-learning model files gateways load (attack detector,
 * deterioration risk), so every gateway can prove which model produced a score.
 */
interface IModelRegistry {
    struct Model {
        bytes32 name;
        uint32 version;
        uint64 registeredAt;
    }

    /// @dev Name and digest must not be zero.
    error ModelRegistryZeroValue();
    /// @dev The digest `digest` is already registered.
    error ModelRegistryDuplicateDigest(bytes32 digest);
    /// @dev No model file with digest `digest` is registered.
    error ModelRegistryUnknownDigest(bytes32 digest);

    /// @dev Emitted when a new model file of `name` is registered as `version`.
    event ModelRegistered(bytes32 indexed name, uint32 version, bytes32 digest);

    function registerModel(bytes32 name, bytes32 digest) external;
    function latestDigest(bytes32 name) external view returns (bytes32);
    function getModel(bytes32 digest) external view returns (Model memory);
}
