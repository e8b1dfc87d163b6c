import { describe, expect, it } from 'vitest';
import { VigilError } from '../errors/index.ts';
import { REJECTION_CODES, reject } from '../ingest/rejectionCodes.ts';
import { NotFoundError } from './errors.ts';
import { toOperationOutcome, VIGIL_CODE_SYSTEM } from './toOperationOutcome.ts';

describe('toOperationOutcome', () => {
  it('maps every rejection code to its HTTP status and puts the code in details.coding', () => {
    for (const [code, info] of Object.entries(REJECTION_CODES)) {
      const { statusCode, body } = toOperationOutcome(reject(code as never, `because ${code}`));
      expect(statusCode).toBe(info.httpStatus);
      expect(body.issue[0]!.details.coding[0]).toEqual({ system: VIGIL_CODE_SYSTEM, code });
      expect(body.issue[0]!.code).not.toBe('processing');
    }
  });

  it('copies a details path into the FHIR expression', () => {
    const { body } = toOperationOutcome(
      reject('VIGIL_READING_MALFORMED', 'bad', { path: '/observation/status' }),
    );
    expect(body.issue[0]!.expression).toEqual(['/observation/status']);
    expect(body.details).toEqual({ path: '/observation/status' });
  });

  it('uses the status of a VigilError carrying a rejection code, and of ApiErrors', () => {
    expect(toOperationOutcome(new VigilError('VIGIL_RATE_EXCEEDED', 'slow down')).statusCode).toBe(429);
    expect(toOperationOutcome(new NotFoundError('gone')).statusCode).toBe(404);
  });

  it('turns bigint details into strings', () => {
    const { body } = toOperationOutcome(new VigilError('VIGIL_X', 'x', { details: { block: 12n } }));
    expect(body.details).toEqual({ block: '12' });
  });
});
