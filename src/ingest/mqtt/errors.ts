import { VigilError, type VigilErrorOptions } from '../../errors/index.ts';

/** The embedded broker cannot listen because its port is taken (e.g. by Mosquitto on 1883). */
export class MqttPortInUseError extends VigilError {
  override name = 'MqttPortInUseError';
  constructor(host: string, port: number, options: VigilErrorOptions = {}) {
    super(
      'VIGIL_MQTT_PORT_IN_USE',
      `MQTT port ${port} on ${host} is already in use; set VIGIL_MQTT_PORT to a free port, or VIGIL_MQTT_URL to use the broker that holds it`,
      { ...options, details: { host, port, ...options.details } },
    );
  }
}

/** The gateway could not connect to, or subscribe at, the external broker. */
export class MqttBrokerError extends VigilError {
  override name = 'MqttBrokerError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_MQTT_BROKER_FAILED', message, options);
  }
}
