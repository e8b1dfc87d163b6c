import { describe, expect, it } from 'vitest';
import { createAlertService } from '../../clinical/alerts/createAlertService.ts';
import { buildApp } from '../buildApp.ts';

const MIN = 60_000;
const pipeline = {
  submit: async () => ({ results: [] }),
  stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
};

/** A patient whose NEWS2 reaches the medium band (RR 22, HR 115, SpO2 94) after 10 normal minutes. */
function feed(alerts: ReturnType<typeof createAlertService>, patient: string) {
  for (let m = 0; m < 14; m++) {
    const bad = m >= 10;
    alerts.monitor.observe({
      patient,
      deviceId: `${patient}-mon`,
      time: m * MIN,
      values: {
        heartRate: bad ? 115 : 75 + (m % 3),
        respiratoryRate: bad ? 22 : 16 + (m % 2),
        systolic: 125 + (m % 4),
        diastolic: 74 + (m % 3),
        temperature: 36.8 + (m % 3) / 10,
      },
      quarantined: false,
    });
    alerts.monitor.observe({
      patient,
      deviceId: `${patient}-oxi`,
      time: m * MIN,
      values: { spo2: bad ? 94 : 97 },
      quarantined: false,
    });
  }
}

function setup() {
  const alerts = createAlertService({ now: () => 1_000_000 });
  const app = buildApp({ pipeline, alerts, docs: false });
  return { alerts, app };
}

describe('alert routes', () => {
  it('searches Flags by patient and status, as a FHIR searchset with paging', async () => {
    const { alerts, app } = setup();
    feed(alerts, 'pat-a');
    feed(alerts, 'pat-b');
    const all = await app.inject({ method: 'GET', url: '/v1/Flag?status=active' });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    const total = alerts.search({ status: 'active' }).total;
    expect(all.json().total).toBe(total);
    expect(alerts.search({ patient: 'pat-b' }).total).toBeGreaterThan(0);
    const res = await app.inject({ method: 'GET', url: '/v1/Flag?patient=pat-a&_count=1&_offset=0' });
    const bundle = res.json();
    expect(bundle.entry).toHaveLength(1);
    expect(bundle.total).toBe(alerts.search({ patient: 'pat-a' }).total);
    const news2 = alerts.search({ patient: 'pat-a' }).alerts.findIndex((a) => a.family === 'news2');
    const page = await app.inject({ method: 'GET', url: `/v1/Flag?patient=pat-a&_count=1&_offset=${news2}` });
    const flag = page.json().entry[0].resource;
    expect(flag).toMatchObject({
      resourceType: 'Flag',
      status: 'active',
      category: [{ coding: [{ code: 'clinical' }] }],
      code: { coding: [{ code: 'news2-medium' }] },
      subject: { reference: 'Patient/pat-a' },
    });
    const ext = flag.extension[0].extension as { url: string; valueCode?: string; valueBoolean?: boolean }[];
    expect(ext.find((e) => e.url === 'priority')?.valueCode).toBe('medium');
    expect(ext.find((e) => e.url === 'artefact')?.valueBoolean).toBe(false);
    expect(ext.filter((e) => e.url === 'device').length).toBeGreaterThan(0);
    const none = await app.inject({ method: 'GET', url: '/v1/Flag?status=resolved' });
    expect(none.json().total).toBe(0);
  });

  it('acknowledges a Flag (who, when) and answers 404 / 409 / 400 as OperationOutcomes', async () => {
    const { alerts, app } = setup();
    feed(alerts, 'pat-a');
    const alert = alerts.search({ patient: 'pat-a' }).alerts.find((a) => a.family === 'news2');
    const ok = await app.inject({
      method: 'POST',
      url: `/v1/Flag/${alert!.id}/$acknowledge`,
      payload: { who: 'dr.grey' },
    });
    expect(ok.statusCode).toBe(200);
    const ext = ok.json().extension[0].extension as {
      url: string;
      valueCode?: string;
      valueString?: string;
      valueDateTime?: string;
    }[];
    expect(ext.find((e) => e.url === 'status')?.valueCode).toBe('acknowledged');
    expect(ext.find((e) => e.url === 'acknowledgedBy')?.valueString).toBe('dr.grey');
    expect(ext.find((e) => e.url === 'acknowledgedAt')?.valueDateTime).toBe(
      new Date(1_000_000).toISOString(),
    );
    expect(
      (await app.inject({ method: 'GET', url: '/v1/Flag?status=acknowledged' })).json().entry[0].resource.id,
    ).toBe(alert!.id);

    const missing = await app.inject({
      method: 'POST',
      url: '/v1/Flag/nope/$acknowledge',
      payload: { who: 'x' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().issue[0].details.coding[0].code).toBe('VIGIL_ALERT_NOT_FOUND');
    alerts.engine.clear('pat-a', 'news2', 2_000_000);
    const conflict = await app.inject({
      method: 'POST',
      url: `/v1/Flag/${alert!.id}/$acknowledge`,
      payload: { who: 'x' },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().issue[0].details.coding[0].code).toBe('VIGIL_ALERT_STATE_CONFLICT');
    const bad = await app.inject({ method: 'POST', url: `/v1/Flag/${alert!.id}/$acknowledge`, payload: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issue[0].details.coding[0].code).toBe('VIGIL_REQUEST_INVALID');
  });

  it('serves the live patient view with NEWS2 sub-scores, assumptions and open alerts', async () => {
    const { alerts, app } = setup();
    feed(alerts, 'pat-a');
    const res = await app.inject({ method: 'GET', url: '/v1/Patient/pat-a/$live' });
    expect(res.statusCode).toBe(200);
    const live = res.json();
    expect(live.vitals.spo2).toMatchObject({ value: 94, deviceId: 'pat-a-oxi', quarantined: false });
    expect(live.news2).toMatchObject({
      total: 5,
      band: 'medium',
      scores: { respirationRate: 2, pulse: 2, spo2: 1 },
    });
    expect(live.news2.assumptions.join(' ')).toContain('assumed air');
    expect(
      live.alerts.map((f: { code: { coding: { code: string }[] } }) => f.code.coding[0]!.code),
    ).toContain('news2-medium');
    const unknown = await app.inject({ method: 'GET', url: '/v1/Patient/nobody/$live' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().issue[0].details.coding[0].code).toBe('VIGIL_PATIENT_NOT_LIVE');
  });
});
