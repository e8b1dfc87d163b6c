import { VigilError, type VigilErrorOptions } from '../../errors/index.ts';

/** No alert has this id. */
export class AlertNotFoundError extends VigilError {
  override name = 'AlertNotFoundError';
  constructor(id: string, options: VigilErrorOptions = {}) {
    super('VIGIL_ALERT_NOT_FOUND', `no alert ${id}`, { ...options, details: { id } });
  }
}

/** The alert cannot make this transition (e.g. acknowledging a resolved alert). */
export class AlertStateError extends VigilError {
  override name = 'AlertStateError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_ALERT_STATE_CONFLICT', message, options);
  }
}

/** A patient has no live state (no reading seen since the gateway started). */
export class PatientNotLiveError extends VigilError {
  override name = 'PatientNotLiveError';
  constructor(patient: string, options: VigilErrorOptions = {}) {
    super('VIGIL_PATIENT_NOT_LIVE', 'no live state for this patient', { ...options, details: { patient } });
  }
}
