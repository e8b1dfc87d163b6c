export {
  type CreateSimulatedDeviceParameters,
  createSimulatedDevice,
  DEVICE_KINDS,
  type DeviceKind,
  type SimulatedDevice,
} from './createSimulatedDevice.ts';
export {
  DEMO_VITALS_PATH,
  type DemoPatient,
  loadDemoPatients,
  type PressureSample,
  type Sample,
} from './loadDemoPatients.ts';
export { type ReplayFleetParameters, replayFleet } from './replayFleet.ts';
export {
  createPatientDevices,
  DEFAULT_PERIODS,
  interpolate,
  type PatientDevices,
  type ReplayEvent,
  type ReplayPatientParameters,
  type ReplayStream,
  replayPatient,
} from './replayPatient.ts';
export {
  type RunSimulationParameters,
  runSimulation,
  type SimulatedFleetMember,
  type SimulationStats,
} from './runSimulation.ts';
export { createHttpSender } from './senders/createHttpSender.ts';
export {
  type CreateMqttSenderOptions,
  createMqttSender,
  type MqttSigningDevice,
} from './senders/createMqttSender.ts';
export type { ReadingSender, SendOutcome } from './senders/types.ts';
