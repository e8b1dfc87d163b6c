export {
  ConfigError,
  InvalidArgumentError,
  toJsonSafe,
  VigilError,
  type VigilErrorOptions,
} from './VigilError.ts';
