export { type BuildAppParameters, buildApp, type VigilApp } from './buildApp.ts';
export { type CreateHttpServerParameters, createHttpServer, type HttpServer } from './createHttpServer.ts';
export { ApiError, NotFoundError, RequestInvalidError, UnsupportedMediaTypeError } from './errors.ts';
export { IngestResultSchema, IngestResultsSchema, OperationOutcomeSchema } from './schemas.ts';
export {
  type ToOperationOutcomeReturnType,
  toOperationOutcome,
  VIGIL_CODE_SYSTEM,
} from './toOperationOutcome.ts';
