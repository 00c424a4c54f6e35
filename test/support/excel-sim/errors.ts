/**
 * Errors as Office.js raises them: an `OfficeExtension.Error` named `RichApi.Error` with a `code` (one of
 * `Excel.ErrorCodes`, or Office.js's own such as `PropertyNotLoaded`), a `message` and `debugInfo`.
 */

/** The error codes the simulator raises. */
export type SimErrorCode =
  | 'PropertyNotLoaded'
  | 'InvalidRequestContext'
  | 'RequestPayloadSizeLimitExceeded'
  | 'ResponsePayloadSizeLimitExceeded'
  | 'RangeExceedsLimit'
  | 'InvalidArgument'
  | 'InvalidOperation'
  | 'InvalidSelection'
  | 'ItemNotFound'
  | 'ItemAlreadyExists'
  | 'GeneralException'
  | 'ApiNotFound'
  // A code a test injects (e.g. `InvalidOperationInCellEditMode`) is passed through as given.
  | (string & { readonly injected?: never });

export interface SimDebugInfo {
  code: string;
  message: string;
  /** The failing operation, e.g. `Range.values`, when the error comes from one. */
  errorLocation?: string;
}

/** The error every simulated Office.js call or sync rejects with. */
export class SimOfficeError extends Error {
  readonly code: SimErrorCode;
  readonly debugInfo: SimDebugInfo;

  constructor(code: SimErrorCode, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = errorLocation === undefined ? { code, message } : { code, message, errorLocation };
  }
}

/** Office.js's message for a property read before `load` + `sync`. */
export function propertyNotLoaded(property: string): SimOfficeError {
  return new SimOfficeError(
    'PropertyNotLoaded',
    `The property '${property}' is not available. Before reading the property's value, call the load method on ` +
      `the containing object and call "context.sync()" on the associated request context.`,
  );
}
