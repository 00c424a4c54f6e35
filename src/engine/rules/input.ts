/**
 * Rule `input`: value cells that are text, error values, or negative where they cannot be.
 */
import type { WorkLedger } from '../ledger';
import { PERCENT_FIELDS } from '../vocabulary';
import { addFinding, fieldLabel, type RuleContext } from './context';

export function checkInputs(ctx: RuleContext, ledger: WorkLedger): void {
  const sheet = ledger.raw.sheet.name;
  for (const issue of ledger.issues) {
    const field = fieldLabel(ctx, issue.field);
    // The value as read: two decimals, more only where the value has them.
    const show = (): string => {
      if (!issue.value) return '';
      if (PERCENT_FIELDS.has(issue.field)) {
        const pts = issue.value.times(100);
        return pts.toFixed(Math.max(2, Math.min(pts.decimalPlaces(), 6))) + '%';
      }
      return issue.value.toFixed(Math.max(2, Math.min(issue.value.decimalPlaces(), 6)));
    };
    switch (issue.kind) {
      case 'text':
        addFinding(ctx, {
          rule: 'input',
          severity: 'info',
          sheet,
          cell: issue.cell,
          expected: show(),
          actual: issue.raw,
          key: 'inputText',
          params: { field },
        });
        break;
      case 'notNumber':
        addFinding(ctx, {
          rule: 'input',
          severity: 'warning',
          sheet,
          cell: issue.cell,
          expected: ctx.lang === 'zh-CN' ? '数值' : 'a number',
          actual: issue.raw,
          key: 'inputNotNumber',
          params: { field },
        });
        break;
      case 'date':
        addFinding(ctx, {
          rule: 'input',
          severity: 'warning',
          sheet,
          cell: issue.cell,
          expected: ctx.lang === 'zh-CN' ? '数值' : 'a number',
          actual: issue.raw,
          key: 'inputDate',
          params: { field },
        });
        break;
      case 'marker':
        addFinding(ctx, {
          rule: 'input',
          severity: 'warning',
          sheet,
          cell: issue.cell,
          expected: '—',
          actual: issue.raw,
          key: 'inputMarker',
          params: { field },
        });
        break;
      case 'error':
        addFinding(ctx, {
          rule: 'input',
          severity: 'warning',
          sheet,
          cell: issue.cell,
          expected: ctx.lang === 'zh-CN' ? '数值' : 'a number',
          actual: issue.raw,
          key: 'inputError',
          params: { field },
        });
        break;
      case 'negative':
        addFinding(ctx, {
          rule: 'input',
          severity: 'error',
          sheet,
          cell: issue.cell,
          expected: '≥ 0',
          actual: show() || issue.raw,
          key: 'inputNegative',
          params: { field },
        });
        break;
    }
  }
}
