/**
 * The simulated Excel host (browser-safe: no Node APIs). Load a workbook from an .xlsx file with `./node`.
 *
 * ```ts
 * const sim = ExcelSimulator.fromWorkbook(grids);
 * await readWorkbook(sim.run);            // the Office.js host, on the simulator
 * sim.stats().syncs;                       // context.sync() calls so far
 * ```
 */
export {
  DESKTOP_LIMITS,
  ExcelSimulator,
  MB,
  utf8Length,
  WEB_LIMITS,
  type CellInfo,
  type FaultHandler,
  type Limits,
  type LoadOptions,
  type RequestInfo,
  type RequestRecord,
  type SimStats,
  type SimulatorOptions,
} from './simulator';
export { SimOfficeError, type SimErrorCode } from './errors';
export { parseInput, ERROR_VALUES, type Parsed } from './input';
export { quoteSheetName, parseAddress, formatRect, type Rect } from './address';
export type { Visibility, Hyperlink, BorderSpec } from './state';
