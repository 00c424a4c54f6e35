/**
 * Cutting the encoded plan into requests: blocks of rows (several sheets may share one) whose estimated request
 * stays under the budget, a block halved when Excel refuses it as too large, and the operations of one block
 * (number formats first, then contents, looks per rectangle, links and indents).
 */
import { a1, a1Range, quoteSheet } from '../../engine/address';
import type { ExcelWorksheet } from './api';
import { OPERATION_BYTES, lookFor, type SheetCode } from './encode';
import { applyLook } from './looks';
import { textInput } from './text';

/** Rows `from`..`to` (inclusive) of one plan sheet. */
export interface Segment {
  sheet: number;
  from: number;
  to: number;
}

export interface Block {
  segments: Segment[];
  bytes: number;
}

/** Cuts every sheet's rows into blocks of at most `budget` estimated bytes (a row over it gets a block alone). */
export function makeBlocks(codes: SheetCode[], budget: number): Block[] {
  const blocks: Block[] = [];
  let current: Block = { segments: [], bytes: 0 };
  codes.forEach((code, sheet) => {
    code.rows.forEach((row, r) => {
      const last = current.segments[current.segments.length - 1] as Segment | undefined;
      const segmentCost =
        last?.sheet === sheet && last.to === r - 1 ? 0 : 2 * OPERATION_BYTES + row.startBytes;
      if (current.segments.length > 0 && current.bytes + row.bytes + segmentCost > budget) {
        blocks.push(current);
        current = { segments: [], bytes: 0 };
      }
      const tail = current.segments[current.segments.length - 1] as Segment | undefined;
      if (tail && tail.sheet === sheet && tail.to === r - 1) {
        tail.to = r;
      } else {
        current.segments.push({ sheet, from: r, to: r });
        current.bytes += 2 * OPERATION_BYTES + row.startBytes;
      }
      current.bytes += row.bytes;
    });
  });
  if (current.segments.length > 0) blocks.push(current);
  return blocks;
}

export function rowsIn(block: Block): number {
  return block.segments.reduce((n, s) => n + s.to - s.from + 1, 0);
}

/** A block split into two with about half the rows each (a segment is cut when it must be). */
export function halve(block: Block, codes: SheetCode[]): [Block, Block] {
  const half = Math.floor(rowsIn(block) / 2);
  const first: Block = { segments: [], bytes: 0 };
  const second: Block = { segments: [], bytes: 0 };
  let seen = 0;
  for (const s of block.segments) {
    const n = s.to - s.from + 1;
    if (seen + n <= half) first.segments.push({ ...s });
    else if (seen >= half) second.segments.push({ ...s });
    else {
      const cut = s.from + (half - seen) - 1;
      first.segments.push({ ...s, to: cut });
      second.segments.push({ ...s, from: cut + 1 });
    }
    seen += n;
  }
  for (const b of [first, second]) {
    b.bytes = b.segments.reduce((sum, s) => {
      let bytes = 2 * OPERATION_BYTES + codes[s.sheet].rows[s.from].startBytes;
      for (let r = s.from; r <= s.to; r++) bytes += codes[s.sheet].rows[r].bytes;
      return sum + bytes;
    }, 0);
  }
  return [first, second];
}

/** Rectangles of equal look in rows `from`..`to`: runs within a row, joined down while they repeat exactly. */
function lookRects(
  code: SheetCode,
  from: number,
  to: number,
): { key: string; top: number; bottom: number; left: number; right: number }[] {
  const done: { key: string; top: number; bottom: number; left: number; right: number }[] = [];
  let open = new Map<string, { key: string; top: number; bottom: number; left: number; right: number }>();
  for (let r = from; r <= to; r++) {
    const looks = code.rows[r].looks;
    const next = new Map<string, { key: string; top: number; bottom: number; left: number; right: number }>();
    let c = 0;
    while (c < looks.length) {
      const key = looks[c];
      if (key === null) {
        c++;
        continue;
      }
      let end = c;
      while (end + 1 < looks.length && looks[end + 1] === key) end++;
      const id = `${key}|${c}|${end}`;
      const rect = open.get(id);
      if (rect && rect.bottom === r - 1) {
        rect.bottom = r;
        next.set(id, rect);
        open.delete(id);
      } else {
        next.set(id, { key, top: r, bottom: r, left: c, right: end });
      }
      c = end + 1;
    }
    done.push(...open.values());
    open = next;
  }
  done.push(...open.values());
  return done;
}

/** Runs of equal indent down a column in rows `from`..`to`. */
function indentRuns(
  code: SheetCode,
  from: number,
  to: number,
): { col: number; level: number; top: number; bottom: number }[] {
  const out: { col: number; level: number; top: number; bottom: number }[] = [];
  const open = new Map<number, { col: number; level: number; top: number; bottom: number }>();
  for (let r = from; r <= to; r++) {
    const here = new Map(code.rows[r].indents.map((i) => [i.col, i.level]));
    for (const [col, run] of [...open]) {
      if (here.get(col) !== run.level) {
        out.push(run);
        open.delete(col);
      }
    }
    for (const [col, level] of here) {
      const run = open.get(col);
      if (run) run.bottom = r;
      else open.set(col, { col, level, top: r, bottom: r });
    }
  }
  out.push(...open.values());
  return out;
}

/** Queues the writes of a look's properties on a range (writes only: nothing is read). */

/** Queues one block's operations. */
export function queueBlock(
  block: Block,
  codes: SheetCode[],
  sheets: ExcelWorksheet[],
  linkTarget: (sheet: string) => string,
): void {
  for (const segment of block.segments) {
    const code = codes[segment.sheet];
    const ws = sheets[segment.sheet];
    const rows = code.rows.slice(segment.from, segment.to + 1);
    const range = ws.getRange(a1Range(segment.from, 0, segment.to, code.width - 1));
    // Formats first: `@` must be on a text cell before its string arrives, or Excel parses the string.
    range.numberFormat = rows.map((r) => r.formats);
    range.formulas = rows.map((r) => r.contents);
    for (const rect of lookRects(code, segment.from, segment.to)) {
      const target = ws.getRange(a1Range(rect.top, rect.left, rect.bottom, rect.right));
      applyLook(target, lookFor(rect.key), rect.bottom - rect.top + 1, rect.right - rect.left + 1);
    }
    rows.forEach((row, i) => {
      for (const link of row.links) {
        const cell = ws.getRange(a1(segment.from + i, link.col));
        cell.hyperlink = {
          documentReference: `${quoteSheet(linkTarget(link.sheet))}!${link.cell}`,
          textToDisplay: textInput(link.text),
        };
      }
    });
    for (const run of indentRuns(code, segment.from, segment.to)) {
      const target = ws.getRange(a1Range(run.top, run.col, run.bottom, run.col));
      target.format.horizontalAlignment = 'Left';
      target.format.indentLevel = run.level;
    }
  }
}
