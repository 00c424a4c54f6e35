/** The Office.js host's one error class: what went wrong, and Excel's own error code when Excel refused. */

/** Why a host action failed; the task pane turns each into a message in the user's language. */
export type ExcelHostErrorCode =
  /** The plan would change a sheet that Budget Review did not create (a name taken, a replace of a user's sheet). */
  | 'conflict'
  /** The write plan is not valid (a bad sheet name, number, formula, merge, width or link). */
  | 'plan'
  /** Excel refused an operation; `excelCode` says why (e.g. `InactiveWorkbook`, `InvalidOperationInCellEditMode`). */
  | 'excel'
  /** The action would leave the workbook without a visible sheet, which Excel does not allow. */
  | 'last-visible-sheet'
  /** The workbook's structure is protected: no sheet can be added, deleted or renamed. */
  | 'protected'
  /** The user stopped the action; what it had written was removed (`rolledBack`). */
  | 'cancelled'
  /** The stored settings are not valid. */
  | 'settings';

const REASONS: Record<ExcelHostErrorCode, string> = {
  conflict: 'the report would change a sheet that Budget Review did not create',
  plan: 'invalid write plan',
  excel: 'Excel refused the operation',
  'last-visible-sheet': 'a workbook must keep at least one visible sheet',
  protected: "the workbook's structure is protected",
  cancelled: 'stopped by the user',
  settings: 'the stored Budget Review settings are not valid',
};

export interface ExcelHostErrorDetails {
  /** Excel's error code (`Excel.ErrorCodes`, or Office.js's own such as `RequestPayloadSizeLimitExceeded`). */
  excelCode?: string;
  detail?: string;
  /** For a failed write: whether every sheet the run had created was removed again. */
  rolledBack?: boolean;
  /** For a failed write whose clean-up failed too: that error. */
  rollbackError?: unknown;
  cause?: unknown;
}

/** Thrown (as a rejection) by every function of the Office.js host. */
export class ExcelHostError extends Error {
  readonly code: ExcelHostErrorCode;
  readonly reason: string;
  readonly excelCode?: string;
  readonly detail?: string;
  readonly rolledBack?: boolean;
  readonly rollbackError?: unknown;
  readonly cause?: unknown;

  constructor(code: ExcelHostErrorCode, details: ExcelHostErrorDetails = {}) {
    const reason = REASONS[code];
    const extra = [details.excelCode, details.detail].filter((s) => s !== undefined && s !== '').join(': ');
    super(extra === '' ? reason : `${reason}: ${extra}`);
    this.name = 'ExcelHostError';
    this.code = code;
    this.reason = reason;
    if (details.excelCode !== undefined) this.excelCode = details.excelCode;
    if (details.detail !== undefined) this.detail = details.detail;
    if (details.rolledBack !== undefined) this.rolledBack = details.rolledBack;
    if (details.rollbackError !== undefined) this.rollbackError = details.rollbackError;
    if (details.cause !== undefined) this.cause = details.cause;
  }
}

/** The `code` of an Office.js error (`OfficeExtension.Error`), if it is one. */
export function excelCodeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split(/\r?\n/, 1)[0];
}

/** Any failure of an Excel call as an {@link ExcelHostError} (one already typed passes through). */
export function asHostError(err: unknown, extra: Omit<ExcelHostErrorDetails, 'cause'> = {}): ExcelHostError {
  if (err instanceof ExcelHostError) return err;
  return new ExcelHostError('excel', {
    excelCode: excelCodeOf(err) ?? 'GeneralException',
    detail: messageOf(err),
    ...extra,
    cause: err,
  });
}
