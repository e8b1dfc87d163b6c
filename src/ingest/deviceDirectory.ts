/** What the pipeline needs to know about a device (from the on-chain registry, cached). */
export type DirectoryDevice = {
  deviceId: string;
  orgId: string;
  kind: string;
  /** Patient pseudonym the device is attached to. */
  patient: string;
  /** SEC1 uncompressed P-256 public key (65 bytes). */
  publicKey: Uint8Array;
  status: 'active' | 'revoked';
  /** Quarantined devices' readings are stored and anchored, but flagged. */
  quarantined: boolean;
};

/** Synchronous lookup of devices, kept current by chain events (see identity/createRegistryCache). */
export type DeviceDirectory = {
  get(deviceId: string): DirectoryDevice | undefined;
};
