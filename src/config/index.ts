export { type ConfigFlags, loadConfig, type VigilConfig } from './loadConfig.ts';
