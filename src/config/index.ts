export { type ConfigFlags, defaultVerifyWorkers, loadConfig, type VigilConfig } from './loadConfig.ts';
