/**
 * Typings for the one exceljs internal the .xlsx host touches (see `keepNumberFormatEscapes` in read.ts).
 * exceljs 4.4 ships no typings for its lib/ modules.
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
