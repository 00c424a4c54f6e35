/**
 * A full garbage collection at a phase boundary of a command, where the runtime allows one.
 *
 * V8 lets its old generation grow to about four times what was live after its last full collection before it
 * collects again when the program allocates fast, as reading and checking a large workbook does: on a 100,000-row
 * ledger the heap reached 560 MB while 170 MB of it was live. Between checking and writing a report, what reading
 * and checking made (the grids, the correction model's indexes) is garbage and the plan is about to be built, so
 * the report asks for one collection there (measured by `npm run bench`: docs/report.md).
 *
 * `global.gc` exists only under `--expose-gc`; the flag is set at run time and the function taken from a fresh
 * context, as Node allows. Where that fails the call does nothing and V8 collects on its own schedule.
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      const existing = (globalThis as { gc?: () => void }).gc;
      if (!existing) setFlagsFromString('--expose-gc');
      collect = existing ?? (runInNewContext('gc') as () => void);
    } catch {
      collect = null;
    }
  }
  collect?.();
}
