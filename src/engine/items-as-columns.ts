/**
 * A table whose items are its columns: the national form of the 财政拨款“三公”经费支出决算表 prints one row of figures
 * under a header of items (合计 | 因公出国（境）费 | 公务用车购置及运行维护费 (小计 | 公务用车购置费 | 公务用车运行维护费) |
 * 公务接待费), each item over the same fields (预算数 | 决算数). It is read as the table it transposes to — an item a row,
 * a field a column, 合计 first and the car costs' parts beneath their 小计 — through a view of the sheet whose cells
 * keep their places on it (`Sheet.origin`), so that every finding names the cell as the sheet has it.
 *
 * The layout is recognised by its field row: a header row every filled cell of which names an amount field, in the
 * same order for every item (two or three fields, each item's columns side by side), over exactly one row of
 * figures; the items' names are the header cells above (merged over their columns), a name over several items being
 * their group. A sheet that holds anything else beside the form keeps its ordinary reading.
 */
import { cellText, normalizeHeader } from './cells';
import { forEachCell, mergeIndex, type Cell, type Sheet } from './grid';
import type { Field } from './types';
import { AMOUNT_FIELDS, fieldOfHeader } from './vocabulary';

/** Rows searched for the field row, from the top of the sheet. */
const HEADER_ROWS = 12;
/** Header rows above the field row that may name items and their groups. */
const LEVELS = 4;

interface Place {
  r: number;
  c: number;
}

/** The text shown at a cell: its own, or its merge's top-left cell's. */
function shownAt(sheet: Sheet, r: number, c: number): { text: string; at: Place } {
  const m = mergeIndex(sheet).at(r, c);
  const top = sheet.top ?? 0;
  const left = sheet.left ?? 0;
  const at = m ? { r: m.top - top, c: m.left - left } : { r, c };
  return { text: cellText(sheet.rows[at.r]?.[at.c]).trim(), at };
}

const key = (p: Place) => `${p.r}:${p.c}`;

/** The view of a sheet whose table has its items as columns, or undefined where it has no such table. */
export function itemsAsColumns(sheet: Sheet): Sheet | undefined {
  const rows = sheet.rows;
  for (let r = 1; r < Math.min(rows.length - 1, HEADER_ROWS); r++) {
    const view = fromFieldRow(sheet, r);
    if (view) return view;
  }
  return undefined;
}

function fromFieldRow(sheet: Sheet, r: number): Sheet | undefined {
  const rows = sheet.rows;
  const cols: { c: number; field: Field; label: string }[] = [];
  let other = false;
  forEachCell(rows[r], (cell, c) => {
    const text = cellText(cell).trim();
    if (!text) return;
    const field = fieldOfHeader(normalizeHeader(text).key);
    if (field && AMOUNT_FIELDS.has(field)) cols.push({ c, field, label: text });
    else other = true;
  });
  if (other || cols.length < 4) return undefined;
  const k = new Set(cols.map((x) => x.field)).size;
  if (k < 2 || k > 3 || cols.length % k !== 0) return undefined;
  // Each item's fields side by side, in the first item's order.
  for (let i = 0; i < cols.length; i++) {
    if (cols[i].field !== cols[i % k].field) return undefined;
    if (i % k !== 0 && cols[i].c !== cols[i - 1].c + 1) return undefined;
  }
  // One row of figures beneath, and nothing further down in its columns but notes.
  const data = rows[r + 1];
  let numbers = 0;
  for (const x of cols) {
    const v = data?.[x.c]?.v;
    if (typeof v === 'number') numbers++;
    else if (v !== null && v !== undefined && String(v).trim() !== '' && !data?.[x.c]?.error)
      return undefined;
  }
  if (numbers * 2 < cols.length) return undefined;
  const below = rows[r + 2];
  if (cols.some((x) => typeof below?.[x.c]?.v === 'number')) return undefined;

  // Each item's names, from the field row up: the header cells over its first column (a merge counted once).
  const items: { first: number; path: { text: string; at: Place }[] }[] = [];
  for (let i = 0; i < cols.length; i += k) {
    const c = cols[i].c;
    const path: { text: string; at: Place }[] = [];
    for (let rr = r - 1; rr >= Math.max(0, r - LEVELS); rr--) {
      const shown = shownAt(sheet, rr, c);
      if (!shown.text || path.some((p) => key(p.at) === key(shown.at))) continue;
      path.unshift(shown);
    }
    if (path.length === 0) return undefined;
    items.push({ first: i, path });
  }
  // Names over every item (the table's own heading, its title) are no item's.
  const common = new Set<string>();
  while (items.every((it) => it.path.length > 1 && key(it.path[0].at) === key(items[0].path[0].at))) {
    common.add(key(items[0].path[0].at));
    for (const it of items) it.path.shift();
  }
  if (items.some((it) => it.path.length > 2)) return undefined;

  // The view: the title and unit lines above the header, the header, then an item a row.
  const out: (Cell | null)[][] = [];
  const origin: Place[][] = [];
  const push = (cells: (Cell | null)[], places: Place[]) => {
    out.push(cells);
    origin.push(places);
  };
  const headerTop = r - Math.max(...items.map((it) => r - it.path[0].at.r));
  for (let rr = 0; rr < headerTop; rr++) {
    const texts: (Cell | null)[] = [];
    const places: Place[] = [];
    forEachCell(rows[rr], (cell, c) => {
      if (!cellText(cell).trim()) return;
      texts.push(cell);
      places.push({ r: rr, c });
    });
    // A heading over every item under the title (财政拨款“三公”经费) is part of the header, not the table's title.
    const heading = out.length > 0 && places.every((p) => common.has(key(p)));
    if (texts.length && !heading) push(texts, places);
  }
  const corner = items[0].path[0].at;
  push(
    [{ v: '项目' }, ...cols.slice(0, k).map((x) => rows[r]?.[x.c] ?? null)],
    [corner, ...cols.slice(0, k).map((x) => ({ r, c: x.c }))],
  );
  // The items numbered as a 决算说明 numbers them (1.… 2.…, a group's parts 其中：（1）… （2）…), so that the outline,
  // not the figures, says which rows are a group's parts.
  const groups = new Map<string, number>();
  let n = 0;
  for (const it of items) {
    const own = it.path[it.path.length - 1];
    let name = own.text;
    const total = it.path.length === 1 && /^(合计|总计)$/.test(own.text.replace(/\s+/g, ''));
    if (it.path.length === 1 && !total) name = `${++n}.${own.text}`;
    if (it.path.length === 2) {
      const group = it.path[0];
      if (/^(小计|合计)$/.test(own.text.replace(/\s+/g, ''))) name = `${++n}.${group.text}`;
      else {
        // The parts beneath their group, as a 决算说明 lists them: 其中：（1）…, （2）….
        const n = (groups.get(key(group.at)) ?? 0) + 1;
        groups.set(key(group.at), n);
        name = `${n === 1 ? '其中：' : ''}（${n}）${own.text}`;
      }
    }
    const cells: (Cell | null)[] = [{ v: name }];
    const places: Place[] = [own.at];
    for (let j = 0; j < k; j++) {
      const c = cols[it.first + j].c;
      cells.push(rows[r + 1]?.[c] ?? null);
      places.push({ r: r + 1, c });
    }
    push(cells, places);
  }
  const top = sheet.top ?? 0;
  const left = sheet.left ?? 0;
  return {
    name: sheet.name,
    rows: out,
    origin: {
      row: (vr, vc) => top + (origin[vr]?.[vc] ?? origin[vr]?.[0] ?? { r: vr }).r,
      col: (vr, vc) => left + (origin[vr]?.[vc] ?? { c: vc }).c,
    },
  };
}
