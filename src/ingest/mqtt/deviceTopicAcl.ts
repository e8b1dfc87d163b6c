import type { DeviceDirectory } from '../deviceDirectory.ts';
import type { MqttDeviceIdentity } from './createDeviceAuthenticator.ts';
import { readingsTopic, resultsTopic } from './topics.ts';

/**
 * The topic ACL of an authenticated device: it may publish only on its own readings topic under the
 * organisation the registry names (`vigil/v1/<its org>/<its id>/readings`); `null` when allowed, else
 * why not.
 */
export function devicePublishRefusal(
  devices: DeviceDirectory,
  who: MqttDeviceIdentity,
  topic: string,
): string | null {
  const orgId = devices.get(who.deviceId)?.orgId ?? who.orgId;
  if (topic === readingsTopic({ orgId, deviceId: who.deviceId })) return null;
  return `publish refused: device ${who.deviceId} publishes only on ${readingsTopic({ orgId, deviceId: who.deviceId })}`;
}

/**
 * A device may subscribe to its own results topic only: no wildcards, no other device, no `$SYS`.
 */
export function deviceMaySubscribe(
  devices: DeviceDirectory,
  who: MqttDeviceIdentity,
  topic: string,
): boolean {
  const orgId = devices.get(who.deviceId)?.orgId ?? who.orgId;
  return topic === resultsTopic({ orgId, deviceId: who.deviceId });
}
