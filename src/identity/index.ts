export { canonicalBytes, canonicalize } from './canonicalize.ts';
export { CanonicalizationError, InvalidIdError, InvalidKeyError } from './errors.ts';
export { fromBytes32Id, type Hex, ID_PATTERN, isValidId, toBytes32Id } from './ids.ts';
export {
  type DeviceKeyPair,
  exportPrivateKeyPem,
  exportPublicKeySec1,
  generateDeviceKeyPair,
  importPrivateKeyPem,
  importPublicKeySec1,
  readPrivateKeyFile,
  writePrivateKeyFile,
} from './keys.ts';
export { createPublicKeyCache, type PublicKeyCache } from './publicKeyCache.ts';
export { READING_VERSION, type SignedReading, type UnsignedReading, unsignedPart } from './reading.ts';
export { readingLeafBytes, readingLeafHash } from './readingLeaf.ts';
export {
  type ConnectTokenClaims,
  connectTokenSignedBytes,
  type DeviceMqttCredentials,
  deviceMqttCredentials,
  signConnectToken,
} from './signConnectToken.ts';
export { readingSignedBytes, signReading } from './signReading.ts';
export {
  type ConnectTokenFault,
  type VerifyConnectTokenReturnType,
  verifyConnectToken,
} from './verifyConnectToken.ts';
export { decodeSignature, verifyReadingSignature } from './verifyReadingSignature.ts';
