/**
 * Node-only: a simulator loaded from an .xlsx file, through the .xlsx host's reader, so that the same workbook
 * drives both hosts. Kept apart from the simulator so that the simulator itself can be bundled for a browser.
 *
 * `readWorkbookFile` does not report sheet visibility or styles: every sheet starts Visible (pass `visibility`,
 * e.g. `{ _BudgetReview: 'VeryHidden' }` for a workbook the .xlsx host wrote) and cells start unformatted apart from
 * their number formats.
 */
import { readWorkbookFile } from '../../../src/hosts/xlsx/read';
import { ExcelSimulator, type LoadOptions } from './simulator';

export async function loadXlsx(file: string, options: LoadOptions = {}): Promise<ExcelSimulator> {
  return ExcelSimulator.fromWorkbook(await readWorkbookFile(file), options);
}
