/**
 * The department a workbook belongs to, where the workbook states it: a `填报单位：长沙市开福区住房和城乡建设局` line
 * above a table, or a label cell (`单位名称`, `部门（单位）名称`, `预算单位`…) with the name in the next filled cell of its
 * row, as the national forms print it. Only the top rows of each sheet are looked at (a form states it in its
 * heading); the first name found wins. A `单位：万元` line is a unit, never a department. Where no sheet states it so,
 * a table's title that opens with an organisation's name before the year (开福区住房和城乡建设局2020年度支出决算表, as
 * 决算 tables are titled) names it.
 */
import type { Cell, Sheet, Workbook } from './grid';

/** Rows from the top of each sheet where a form states its department. */
const TOP_ROWS = 12;

const LABELS = [
  '填报单位',
  '单位名称',
  '部门名称',
  '部门(单位)名称',
  '部门(单位)',
  '预算单位',
  '预算部门',
  '主管部门',
  '编报单位',
];

/** Full-width brackets and colon to half-width; white space out. */
function normal(text: string): string {
  return text.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/\s+/g, '');
}

/** A name, not a unit or a placeholder: 万元 / 元 / 单位不需填列 are not departments. */
function nameOf(raw: string): string | undefined {
  // What follows the name on the same line (`    单位：万元`, `    2020年度`) is not part of it.
  const name = raw
    .trim()
    .split(/\s{2,}|\t/)[0]
    .replace(/[(（]盖章[)）]$/, '')
    .trim();
  if (name === '' || /^(万?元|千元|亿元|无|\/|—|-)$/.test(name) || /^单位[:：]/.test(name)) return undefined;
  return name.length > 100 ? undefined : name;
}

function text(cell: Cell | null | undefined): string | undefined {
  return cell && typeof cell.v === 'string' && cell.v.trim() !== '' ? cell.v : undefined;
}

function inSheet(sheet: Sheet): string | undefined {
  const rows = sheet.rows.slice(0, TOP_ROWS);
  for (const row of rows) {
    if (!row) continue;
    for (let c = 0; c < Math.min(row.length, 64); c++) {
      const t = text(row[c]);
      if (t === undefined) continue;
      const flat = normal(t);
      for (const label of LABELS) {
        if (!flat.startsWith(label)) continue;
        const rest = flat.slice(label.length);
        if (rest.startsWith(':')) {
          // `填报单位：名称` in one cell; the name as written (its own spacing), after the first colon.
          const at = t.search(/[:：]/);
          const found = nameOf(t.slice(at + 1));
          if (found) return found;
          // `填报单位：` with the name in the next cell.
        } else if (rest !== '') {
          continue;
        }
        for (let d = c + 1; d < Math.min(row.length, c + 8); d++) {
          const next = text(row[d]);
          if (next === undefined) continue;
          const found = nameOf(next);
          if (found) return found;
          break;
        }
      }
    }
  }
  return undefined;
}

/** Rows from the top of a sheet where its title stands. */
const TITLE_ROWS = 3;

/** An organisation's name (…局, …委员会, …中心 …) opening a title, before the year the title names. */
const TITLED =
  /^([\u4e00-\u9fa5（）()]{2,40}?(?:委员会|办公室|办事处|管理局|人民政府|政府|局|委|办|院|所|中心|站|队|馆|厅|署|会|学校|医院))(?:19|20)\d{2}\s*年/;

function inTitle(sheet: Sheet): string | undefined {
  for (const row of sheet.rows.slice(0, TITLE_ROWS)) {
    if (!row) continue;
    for (let c = 0; c < Math.min(row.length, 64); c++) {
      const t = text(row[c]);
      const m = t === undefined ? null : TITLED.exec(t.replace(/\s+/g, ''));
      if (m) return m[1];
    }
  }
  return undefined;
}

/** The department's name as the workbook states it, or undefined. */
export function departmentOf(workbook: Workbook): string | undefined {
  for (const sheet of workbook.sheets) {
    const found = inSheet(sheet);
    if (found) return found;
  }
  for (const sheet of workbook.sheets) {
    const found = inTitle(sheet);
    if (found) return found;
  }
  return undefined;
}
