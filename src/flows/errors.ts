import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** The sensor token file cannot be read or written. */
export class SensorTokenError extends VigilError {
  override name = 'SensorTokenError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_SENSOR_TOKEN', message, options);
  }
}
