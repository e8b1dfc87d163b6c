export { type ConfigFlags, defaultVerifyWorkers, loadConfig, type VigilConfig } from './loadConfig.ts';
export { readTlsFiles, type TlsFiles } from './readTlsFiles.ts';
