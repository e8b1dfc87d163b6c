/** Root of every Vigil MQTT topic (versioned with the wire format). */
export const TOPIC_ROOT = 'vigil/v1';

const READINGS = /^vigil\/v1\/([^/]+)\/([^/]+)\/readings$/;
const RESULTS = /^vigil\/v1\/[^/]+\/[^/]+\/results$/;

/** Organisation and device named by a readings topic. */
export type ReadingsTopic = { orgId: string; deviceId: string };

/**
 * Parses `vigil/v1/<orgId>/<deviceId>/readings`; undefined for any other topic. The segments are not
 * validated here: the pipeline rejects (and records) a device id that disagrees with the readings.
 */
export function parseReadingsTopic(topic: string): ReadingsTopic | undefined {
  const m = READINGS.exec(topic);
  return m ? { orgId: m[1]!, deviceId: m[2]! } : undefined;
}

/** True for `vigil/v1/<orgId>/<deviceId>/results` (only the gateway publishes there). */
export function isResultsTopic(topic: string): boolean {
  return RESULTS.test(topic);
}

/** Where the gateway answers a device: `vigil/v1/<orgId>/<deviceId>/results`. */
export function resultsTopic({ orgId, deviceId }: ReadingsTopic): string {
  return `${TOPIC_ROOT}/${orgId}/${deviceId}/results`;
}

/** Where a device publishes readings (QoS 1). */
export function readingsTopic({ orgId, deviceId }: ReadingsTopic): string {
  return `${TOPIC_ROOT}/${orgId}/${deviceId}/readings`;
}

/** Shared subscription spreading every organisation's readings (or one's) over a group of gateways. */
export function sharedReadingsFilter(group: string, orgId = '+'): string {
  return `$share/${group}/${TOPIC_ROOT}/${orgId}/+/readings`;
}
