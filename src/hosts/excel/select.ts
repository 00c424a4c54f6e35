/** Showing a finding's cell to the user. */
import { RUN_OPTIONS, type ExcelRun } from './api';
import { asHostError } from './errors';

/**
 * Activates `sheet` and selects `cell` (an A1 address such as `C5` or `C5:D6`). Rejects with `ExcelHostError`
 * (`excel`, e.g. `ItemNotFound` for a sheet that is gone, `InvalidOperation` for a hidden one).
 */
export async function selectCell(run: ExcelRun, sheet: string, cell: string): Promise<void> {
  try {
    await run(RUN_OPTIONS, async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(cell).select();
      await context.sync();
    });
  } catch (err) {
    throw asHostError(err);
  }
}
