/**
 * Typings for the exceljs internals the .xlsx host uses. exceljs 4.4 ships no typings for its lib/ modules; these
 * declare only what read.ts and sheet-xml.ts touch, loosely (`| undefined`) where a damaged file can leave a model
 * unset.
 *
 * - numfmt-xform: patched by `keepNumberFormatEscapes` (exceljs-fixes.ts).
 * - styles-xform, workbook-xform, relationships-xform: parse styles.xml, workbook.xml and the .rels parts.
 * - shared-formula: moves a shared formula's master formula to another cell.
 */
declare module 'exceljs/lib/xlsx/xform/style/numfmt-xform' {
  interface SaxNode {
    name: string;
    attributes: Record<string, string | undefined>;
  }
  class NumFmtXform {
    model: { id: number; formatCode: string } | undefined;
    parseOpen(node: SaxNode): boolean;
  }
  export = NumFmtXform;
}

declare module 'exceljs/lib/xlsx/xform/style/styles-xform' {
  class StylesXform {
    /** Set when `</styleSheet>` has been parsed; `styles` is the list of cell formats (`cellXfs`). */
    model: { styles?: unknown[] } | null | undefined;
    parseStream(stream: AsyncIterable<unknown>): Promise<unknown>;
    /** Parses SAX events in exceljs's form (`{ eventType, value }[]` per chunk). */
    parse(events: AsyncIterable<unknown>): Promise<unknown>;
    /** The style of a cell format index, with `numFmt` as a format code; null when there is no such format. */
    getStyleModel(id: number): { numFmt?: unknown } | null;
  }
  export = StylesXform;
}

declare module 'exceljs/lib/xlsx/xform/book/workbook-xform' {
  interface WorkbookSheetModel {
    name?: string;
    id?: number;
    state?: string;
    rId?: string;
  }
  interface WorkbookModel {
    sheets?: WorkbookSheetModel[];
    properties?: { date1904?: boolean };
  }
  class WorkbookXform {
    parseStream(stream: AsyncIterable<unknown>): Promise<WorkbookModel | null | undefined>;
    parse(events: AsyncIterable<unknown>): Promise<WorkbookModel | null | undefined>;
  }
  export = WorkbookXform;
}

declare module 'exceljs/lib/xlsx/xform/core/relationships-xform' {
  interface Relationship {
    Id?: string;
    Type?: string;
    Target?: string;
    TargetMode?: string;
  }
  class RelationshipsXform {
    parseStream(stream: AsyncIterable<unknown>): Promise<Relationship[] | null | undefined>;
    parse(events: AsyncIterable<unknown>): Promise<Relationship[] | null | undefined>;
  }
  export = RelationshipsXform;
}

declare module 'exceljs/lib/utils/shared-formula' {
  export function slideFormula(formula: string, fromCell: string, toCell: string): string;
}
