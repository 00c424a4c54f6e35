/**
 * The part of the Office.js Excel API that the Office.js host uses, as structural types.
 *
 * The host is written against these interfaces, never against the `Excel` global, and gets a `run` function
 * injected: in the add-in that is `Excel.run` (see office.ts, where the compiler checks that Office.js's own types
 * satisfy these), in tests the simulated Excel host (test/support/excel-sim). Every member here exists in
 * ExcelApi 1.7 unless its comment names a later requirement set; those are used only behind a capability flag.
 *
 * Property types are the full unions Office.js declares, so that `Excel.Range` is assignable to `ExcelRange`.
 */

export type HorizontalAlignment =
  'General' | 'Left' | 'Center' | 'Right' | 'Fill' | 'Justify' | 'CenterAcrossSelection' | 'Distributed';
export type VerticalAlignment = 'Center' | 'Bottom' | 'Top' | 'Justify' | 'Distributed';
export type FontUnderline = 'None' | 'Single' | 'Double' | 'SingleAccountant' | 'DoubleAccountant';
export type SheetVisibility = 'Visible' | 'Hidden' | 'VeryHidden';
export type BorderIndex =
  | 'EdgeTop'
  | 'EdgeBottom'
  | 'EdgeLeft'
  | 'EdgeRight'
  | 'InsideVertical'
  | 'InsideHorizontal'
  | 'DiagonalDown'
  | 'DiagonalUp';
export type BorderLineStyle =
  'None' | 'Continuous' | 'Dash' | 'DashDot' | 'DashDotDot' | 'Dot' | 'Double' | 'SlantDashDot';
export type BorderWeight = 'Hairline' | 'Thin' | 'Medium' | 'Thick';

export interface ExcelRequestContext {
  readonly workbook: ExcelWorkbook;
  /** Sends the queued operations and loads to Excel and waits for the answer. */
  sync(): Promise<unknown>;
}

export interface ExcelWorkbook {
  /** ExcelApi 1.7: the file's name, e.g. `kaifu-2020.xlsx` (the narrative's title names it, as the command line does). */
  readonly name: string;
  load(propertyNames: string): ExcelWorkbook;
  readonly worksheets: ExcelWorksheetCollection;
  /** ExcelApi 1.4. */
  readonly settings: ExcelSettingCollection;
  /** ExcelApi 1.7. */
  readonly protection: ExcelWorkbookProtection;
  /** ExcelApi 1.5. */
  readonly customXmlParts: ExcelCustomXmlPartCollection;
}

/** ExcelApi 1.7: whether the workbook's structure (its list of sheets) is protected. */
export interface ExcelWorkbookProtection {
  readonly protected: boolean;
  load(propertyNames: string): ExcelWorkbookProtection;
}

/** `OfficeExtension.ClientResult`: a method's result, readable after the sync that ran it. */
export interface ExcelClientResult<T> {
  readonly value: T;
}

/** ExcelApi 1.5. */
export interface ExcelCustomXmlPartCollection {
  readonly items: ExcelCustomXmlPart[];
  load(propertyNames: string): ExcelCustomXmlPartCollection;
  add(xml: string): ExcelCustomXmlPart;
  getByNamespace(namespaceUri: string): ExcelCustomXmlPartScopedCollection;
  getItemOrNullObject(id: string): ExcelCustomXmlPart;
}

/** ExcelApi 1.5: the parts whose root element is in one namespace. */
export interface ExcelCustomXmlPartScopedCollection {
  readonly items: ExcelCustomXmlPart[];
  load(propertyNames: string): ExcelCustomXmlPartScopedCollection;
  getCount(): ExcelClientResult<number>;
}

/** ExcelApi 1.5. */
export interface ExcelCustomXmlPart {
  readonly id: string;
  readonly namespaceUri: string;
  readonly isNullObject: boolean;
  load(propertyNames: string): ExcelCustomXmlPart;
  getXml(): ExcelClientResult<string>;
  setXml(xml: string): void;
  delete(): void;
}

export interface ExcelWorksheetCollection {
  readonly items: ExcelWorksheet[];
  load(propertyNames: string): ExcelWorksheetCollection;
  getItem(key: string): ExcelWorksheet;
  /** ExcelApi 1.4. */
  getItemOrNullObject(key: string): ExcelWorksheet;
  add(name?: string): ExcelWorksheet;
  getActiveWorksheet(): ExcelWorksheet;
}

export interface ExcelWorksheet {
  name: string;
  readonly id: string;
  visibility: SheetVisibility;
  readonly isNullObject: boolean;
  /** ExcelApi 1.7. */
  readonly freezePanes: ExcelFreezePanes;
  /** ExcelApi 1.9: only behind the `pageLayout` capability. */
  readonly pageLayout: ExcelPageLayout;
  /** ExcelApi 1.9: only behind the `pageLayout` capability. */
  readonly autoFilter: ExcelAutoFilter;
  load(propertyNames: string): ExcelWorksheet;
  delete(): void;
  activate(): void;
  getRange(address?: string): ExcelRange;
  getUsedRange(valuesOnly?: boolean): ExcelRange;
  /** ExcelApi 1.4. */
  getUsedRangeOrNullObject(valuesOnly?: boolean): ExcelRange;
}

/** ExcelApi 1.9: how a sheet prints. */
export interface ExcelPageLayout {
  orientation: 'Portrait' | 'Landscape';
  /** Fit to pages wide and tall, or a percentage scale (10–400). */
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  /** The rows repeated at the top of every printed page, e.g. `$1:$2`. */
  setPrintTitleRows(printTitleRows: string): void;
}

/** ExcelApi 1.9: the sheet's filter. */
export interface ExcelAutoFilter {
  /** Puts the filter on a range (its first row holds the column headers). */
  apply(range: string): void;
}

export interface ExcelFreezePanes {
  freezeRows(count?: number): void;
  freezeColumns(count?: number): void;
  freezeAt(frozenRange: string): void;
  unfreeze(): void;
}

/** ExcelApi 1.7. */
export interface ExcelRangeHyperlink {
  address?: string;
  documentReference?: string;
  screenTip?: string;
  textToDisplay?: string;
}

export interface ExcelRange {
  values: unknown[][];
  formulas: unknown[][];
  numberFormat: unknown[][];
  readonly address: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly isNullObject: boolean;
  readonly format: ExcelRangeFormat;
  /** ExcelApi 1.7. */
  hyperlink: ExcelRangeHyperlink;
  load(propertyNames: string): ExcelRange;
  /** ExcelApi 1.2. */
  merge(across?: boolean): void;
  select(): void;
  /** ExcelApi 1.13: only behind the `mergedAreas` capability. */
  getMergedAreasOrNullObject(): ExcelRangeAreas;
}

/** ExcelApi 1.9. */
export interface ExcelRangeAreas {
  readonly address: string;
  readonly isNullObject: boolean;
  load(propertyNames: string): ExcelRangeAreas;
}

export interface ExcelRangeFormat {
  readonly font: ExcelRangeFont;
  readonly fill: ExcelRangeFill;
  readonly borders: ExcelRangeBorderCollection;
  /** Points. ExcelApi 1.2. */
  columnWidth: number;
  wrapText: boolean;
  horizontalAlignment: HorizontalAlignment;
  verticalAlignment: VerticalAlignment;
  /** ExcelApi 1.9: only behind the `indentLevel` capability. */
  indentLevel: number;
}

export interface ExcelRangeFont {
  bold: boolean;
  italic: boolean;
  color: string;
  size: number;
  name: string;
  underline: FontUnderline;
}

export interface ExcelRangeFill {
  color: string;
}

export interface ExcelRangeBorderCollection {
  getItem(index: BorderIndex): ExcelRangeBorder;
}

export interface ExcelRangeBorder {
  style: BorderLineStyle;
  color: string;
  weight: BorderWeight;
}

/** ExcelApi 1.4. */
export interface ExcelSettingCollection {
  readonly items: ExcelSetting[];
  load(propertyNames: string): ExcelSettingCollection;
  add(key: string, value: unknown): ExcelSetting;
  getItemOrNullObject(key: string): ExcelSetting;
}

export interface ExcelSetting {
  readonly key: string;
  value: unknown;
  readonly isNullObject: boolean;
  load(propertyNames: string): ExcelSetting;
  delete(): void;
}

/** `Excel.RunOptions`. */
export interface ExcelRunOptions {
  /**
   * Wait, instead of failing, while the user is editing a cell: "When true, the batch request is executed
   * immediately if the user is not in cell edit mode, but if the user is in cell edit mode the batch request is
   * delayed until the user exits cell edit mode" (https://learn.microsoft.com/javascript/api/excel/excel.runoptions).
   */
  delayForCellEdit?: boolean;
  /** ExcelApi 1.20: all syncs of the run as one undo record. Not used (see docs/office-host.md). */
  mergeUndoGroup?: boolean;
}

/** The options every `Excel.run` of the host passes: never fail because the user is typing in a cell. */
export const RUN_OPTIONS: ExcelRunOptions = { delayForCellEdit: true };

/** `Excel.run(options, batch)`, or a stand-in with the same contract: runs a batch against a fresh request context. */
export type ExcelRun = <T>(
  options: ExcelRunOptions,
  batch: (context: ExcelRequestContext) => Promise<T>,
) => Promise<T>;

/**
 * Optional features, from `Office.context.requirements.isSetSupported('ExcelApi', …)` (see office.ts). Without
 * them the host still works: without `mergedAreas` a read has no merges; without `indentLevel` outline levels are
 * not indented (never faked with spaces).
 */
export interface Capabilities {
  /** ExcelApi 1.13: `Range.getMergedAreasOrNullObject`. */
  mergedAreas: boolean;
  /** ExcelApi 1.9: `RangeFormat.indentLevel`. */
  indentLevel: boolean;
  /** ExcelApi 1.9: `Worksheet.pageLayout` and `Worksheet.autoFilter` (without them the sheets print as Excel's defaults). */
  pageLayout: boolean;
}

/** What ExcelApi 1.7 alone offers. */
export const BASELINE_CAPABILITIES: Capabilities = {
  mergedAreas: false,
  indentLevel: false,
  pageLayout: false,
};
