/// <reference types="office-js" />
/**
 * The production binding: Office.js's `Excel.run` and requirement-set checks. The only module of the Office.js
 * host that touches the `Excel` and `Office` globals (which exist only inside Office, after `Office.onReady`).
 */
import type { Capabilities, ExcelRequestContext, ExcelRun } from './api';

/**
 * `Excel.run` as the host's `run`. Passing Office.js's `RequestContext` where an {@link ExcelRequestContext} is
 * expected is what makes the compiler check that every member the host uses exists with compatible types.
 */
export const officeRun: ExcelRun = (options, batch) =>
  Excel.run(options, (context: Excel.RequestContext) => batch(context satisfies ExcelRequestContext));

/** The optional features this Excel supports. */
export function officeCapabilities(): Capabilities {
  const supported = (version: string): boolean =>
    Office.context.requirements.isSetSupported('ExcelApi', version);
  return { mergedAreas: supported('1.13'), indentLevel: supported('1.9'), pageLayout: supported('1.9') };
}
