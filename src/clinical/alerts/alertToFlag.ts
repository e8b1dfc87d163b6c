import type { Bundle, Flag } from '@medplum/fhirtypes';
import type { Alert } from './types.ts';

/** Code system of Vigil alert reasons (`Flag.code`). */
export const ALERT_REASON_SYSTEM = 'https://vigil.health/fhir/CodeSystem/alert-reason';
/** Extension carrying priority, score, devices, artefact label and the alert's lifecycle. */
export const ALERT_EXTENSION_URL = 'https://vigil.health/fhir/StructureDefinition/alert';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * An alert as a FHIR R4 `Flag`. FHIR Flag status has no "acknowledged": an acknowledged alert stays
 * `active` in `Flag.status` and says so in the extension (`status`, `acknowledgedBy`, `acknowledgedAt`).
 */
export function alertToFlag(alert: Alert): Flag {
  const ext: NonNullable<Flag['extension']> = [
    { url: 'status', valueCode: alert.status },
    { url: 'priority', valueCode: alert.priority },
    { url: 'artefact', valueBoolean: alert.artefact },
    { url: 'notifications', valueInteger: alert.notifications },
    ...(alert.score === undefined ? [] : [{ url: 'score', valueDecimal: alert.score }]),
    ...Object.entries(alert.values).map(([k, v]) => ({
      url: 'value',
      extension: [
        { url: 'name', valueString: k },
        { url: 'value', valueDecimal: v },
      ],
    })),
    ...alert.devices.map((d) => ({
      url: 'device',
      extension: [
        { url: 'reference', valueReference: { reference: `Device/${d.deviceId}` } },
        { url: 'quarantined', valueBoolean: d.quarantined },
        ...(d.trust === undefined ? [] : [{ url: 'trust', valueDecimal: d.trust }]),
      ],
    })),
    ...(alert.assumptions ?? []).map((a) => ({ url: 'assumption', valueString: a })),
    ...(alert.escalatedAt === undefined
      ? []
      : [{ url: 'escalatedAt', valueDateTime: iso(alert.escalatedAt)! }]),
    ...(alert.acknowledgedBy === undefined
      ? []
      : [{ url: 'acknowledgedBy', valueString: alert.acknowledgedBy }]),
    ...(alert.acknowledgedAt === undefined
      ? []
      : [{ url: 'acknowledgedAt', valueDateTime: iso(alert.acknowledgedAt)! }]),
    ...(alert.resolution === undefined ? [] : [{ url: 'resolution', valueString: alert.resolution }]),
    ...(alert.silencedUntil === undefined
      ? []
      : [
          { url: 'silencedUntil', valueDateTime: iso(alert.silencedUntil)! },
          { url: 'silencedBy', valueString: alert.silencedBy ?? '' },
          { url: 'silenceReason', valueString: alert.silenceReason ?? '' },
        ]),
  ];
  return {
    resourceType: 'Flag',
    id: alert.id,
    meta: { lastUpdated: iso(alert.updatedAt)! },
    status: alert.status === 'resolved' ? 'inactive' : 'active',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/flag-category',
            code: 'clinical',
            display: 'Clinical',
          },
        ],
      },
    ],
    code: { coding: [{ system: ALERT_REASON_SYSTEM, code: alert.reason }], text: alert.text },
    subject: { reference: `Patient/${alert.patient}` },
    period: {
      start: iso(alert.createdAt)!,
      ...(alert.resolvedAt === undefined ? {} : { end: iso(alert.resolvedAt)! }),
    },
    extension: [{ url: ALERT_EXTENSION_URL, extension: ext }],
  };
}

/** A FHIR searchset Bundle of Flags. */
export function flagBundle(alerts: readonly Alert[], total: number): Bundle<Flag> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    entry: alerts.map((a) => ({
      fullUrl: `Flag/${a.id}`,
      resource: alertToFlag(a),
      search: { mode: 'match' },
    })),
  };
}
