// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";

/**
 * @title ModelRegistry
 * @dev Anchors the SHA-256 of each model file under a name; versions count from 1.
 */
contract ModelRegistry is AccessControl, IModelRegistry {
    bytes32 public constant GATEWAY_ROLE = keccak256("GATEWAY_ROLE");

    mapping(bytes32 name => uint32) private _versions;
    mapping(bytes32 name => bytes32) private _latest;
    mapping(bytes32 digest => Model) private _models;

    constructor(address consortiumAdmin) {
        _grantRole(DEFAULT_ADMIN_ROLE, consortiumAdmin);
    }

    /**
     * @dev Registers model file `digest` (SHA-256) as the next version of `name`.
     *
     * Requirements:
     * - the caller has `GATEWAY_ROLE`; `name` and `digest` are not zero; `digest` is new.
     *
     * Emits {ModelRegistered}.
     */
    function registerModel(bytes32 name, bytes32 digest) external onlyRole(GATEWAY_ROLE) {
        if (name == bytes32(0) || digest == bytes32(0)) revert ModelRegistryZeroValue();
        if (_models[digest].version != 0) revert ModelRegistryDuplicateDigest(digest);
        uint32 version = _versions[name] + 1;
        _versions[name] = version;
        _latest[name] = digest;
        _models[digest] = Model({name: name, version: version, registeredAt: uint64(block.timestamp)});
        emit ModelRegistered(name, version, digest);
    }

    /// @dev The digest of the latest version of `name` (zero if none).
    function latestDigest(bytes32 name) external view returns (bytes32) {
        return _latest[name];
    }

    /// @dev The model registered with `digest`; reverts with {ModelRegistryUnknownDigest} if none.
    function getModel(bytes32 digest) external view returns (Model memory) {
        Model memory model = _models[digest];
        if (model.version == 0) revert ModelRegistryUnknownDigest(digest);
        return model;
    }
}
