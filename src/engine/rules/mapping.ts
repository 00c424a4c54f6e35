/**
 * Rule `mapping`: a table that states a figure it gives no means to check.
 */
import type { WorkLedger } from '../ledger';
import { addFinding, fieldLabel, type RuleContext } from './context';

export function checkMapping(ctx: RuleContext, ledger: WorkLedger): void {
  const has = ledger.fieldsPresent;
  const sheet = ledger.raw.sheet.name;
  const base = ctx.rateBase === 'initial' ? has.has('initial') : has.has('available') || has.has('initial');
  if (has.has('rate') && (!has.has('spent') || !base)) {
    const missing = !has.has('spent') ? 'spent' : ctx.rateBase === 'initial' ? 'initial' : 'available';
    addFinding(ctx, {
      rule: 'mapping',
      severity: 'warning',
      sheet,
      cell: ledger.headerCell.rate ?? 'A1',
      expected: fieldLabel(ctx, missing),
      actual: '—',
      key: 'mappingRate',
      params: { missing: fieldLabel(ctx, missing) },
    });
  }
  if (has.has('surplus') && !has.has('spent')) {
    addFinding(ctx, {
      rule: 'mapping',
      severity: 'warning',
      sheet,
      cell: ledger.headerCell.surplus ?? 'A1',
      expected: fieldLabel(ctx, 'spent'),
      actual: '—',
      key: 'mappingSurplus',
      params: { missing: fieldLabel(ctx, 'spent') },
    });
  }
}
