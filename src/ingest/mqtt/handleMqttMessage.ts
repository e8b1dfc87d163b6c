import type { IngestPipeline, IngestResult } from '../createIngestPipeline.ts';
import { REJECTION_CODES, type RejectionCode } from '../rejectionCodes.ts';
import { parseReadingsTopic, resultsTopic } from './topics.ts';

/** What the gateway publishes on the results topic after each readings message. */
export type MqttResultMessage =
  | { results: IngestResult[] }
  | {
      rejection: {
        code: RejectionCode;
        message: string;
        details?: Record<string, unknown>;
        /** The MQTT v5 PUBACK reason code this rejection maps to (informative; see docs/transports.md). */
        mqttReasonCode: number;
      };
    };

/** The outcome of one MQTT message, once durable. */
export type HandleMqttMessageReturnType =
  | { handled: false }
  | { handled: true; resultsTopic: string; response: MqttResultMessage; payload: Buffer };

/**
 * The one MQTT handler, shared by the embedded broker and the external-broker client: runs a readings
 * message through the pipeline (the topic names the device) and builds the results-topic answer.
 * Resolves only when accepted readings and rejections are durable; rejects when the store failed (then
 * the message must not be acknowledged).
 */
export async function handleMqttMessage(
  pipeline: Pick<IngestPipeline, 'submit'>,
  topic: string,
  payload: Uint8Array,
): Promise<HandleMqttMessageReturnType> {
  const named = parseReadingsTopic(topic);
  if (!named) return { handled: false };
  const { rejection, results } = await pipeline.submit(payload, {
    transport: 'mqtt',
    deviceId: named.deviceId,
    // Checked against the registry here, so it holds behind an external broker too.
    orgId: named.orgId,
  });
  const response: MqttResultMessage = rejection
    ? {
        rejection: {
          code: rejection.code,
          message: rejection.message,
          ...(rejection.details ? { details: rejection.details } : {}),
          mqttReasonCode: REJECTION_CODES[rejection.code].mqttReasonCode,
        },
      }
    : { results };
  return {
    handled: true,
    resultsTopic: resultsTopic(named),
    response,
    payload: Buffer.from(JSON.stringify(response)),
  };
}
