/**
 * Where the pane is running, decided from Office's globals after `Office.onReady`: inside Excel with ExcelApi 1.7
 * (the minimum requirement set), inside an Excel that is too old, or not inside Excel at all (a plain browser,
 * another Office application, or Office.js that could not be loaded).
 */

/** The part of Office.js's `Office` global that the decision reads. */
export interface OfficeLike {
  context?: {
    host?: unknown;
    displayLanguage?: string;
    requirements?: { isSetSupported(name: string, minVersion?: string): boolean };
  };
}

export type Environment = 'excel' | 'old-excel' | 'outside';

export const MINIMUM_EXCEL_API = '1.7';

/** `host` is what `Office.onReady` reported (null outside Office); `office` is the global, if it exists. */
export function environmentOf(office: OfficeLike | undefined, host: unknown): Environment {
  const reported = host ?? office?.context?.host;
  if (office === undefined || String(reported) !== 'Excel') return 'outside';
  const requirements = office.context?.requirements;
  try {
    if (!requirements || !requirements.isSetSupported('ExcelApi', MINIMUM_EXCEL_API)) return 'old-excel';
  } catch {
    return 'old-excel';
  }
  return 'excel';
}
