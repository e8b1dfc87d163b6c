export {
  type ConfigFlags,
  defaultVerifyWorkers,
  loadConfig,
  parseStaleAfter,
  STALE_AFTER_DEFAULTS_S,
  type StaleVital,
  type VigilConfig,
} from './loadConfig.ts';
export { readTlsFiles, type TlsFiles } from './readTlsFiles.ts';
