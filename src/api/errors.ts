import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** Errors raised by the HTTP layer itself (not by a domain): each carries its HTTP status. */
export class ApiError extends VigilError {
  override name = 'ApiError';
  readonly statusCode: number;
  constructor(code: string, statusCode: number, message: string, options: VigilErrorOptions = {}) {
    super(code, message, options);
    this.statusCode = statusCode;
  }
}

/** The request does not match the route's schema (params, query, headers or body). */
export class RequestInvalidError extends ApiError {
  override name = 'RequestInvalidError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_REQUEST_INVALID', 400, message, options);
  }
}

/** No route or resource answers to this request. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_NOT_FOUND', 404, message, options);
  }
}

/** The request body has a media type the route does not accept. */
export class UnsupportedMediaTypeError extends ApiError {
  override name = 'UnsupportedMediaTypeError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_UNSUPPORTED_MEDIA_TYPE', 415, message, options);
  }
}
