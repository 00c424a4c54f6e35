/**
 * Node-only: a simulator loaded from an .xlsx file, through the .xlsx host's reader, so that the same workbook
 * drives both hosts. Kept apart from the simulator so that the simulator itself can be bundled for a browser.
 *
 * `readWorkbookFile` gives cells, number formats and merges; what else the simulator models is read from the
 * package here: each sheet's visibility (`state` in xl/workbook.xml), whether the structure is protected
 * (`workbookProtection lockStructure`) and the custom XML parts (`customXml/item*.xml`). Options given explicitly
 * win. Cells start unformatted apart from their number formats.
 */
import { readFile } from 'fs/promises';
import JSZip from 'jszip';
import type { Workbook } from '../../../src/engine/grid';
import { readWorkbookFile } from '../../../src/hosts/xlsx/read';
import { ExcelSimulator, type LoadOptions } from './simulator';
import type { Visibility } from './state';

/** What the package says besides cells. */
export interface PackageFacts {
  visibility: Record<string, Visibility>;
  protectedStructure: boolean;
  customXmlParts: string[];
}

function xmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export async function packageFacts(file: string): Promise<PackageFacts> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const visibility: Record<string, Visibility> = {};
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\s([^>]*?)\/?>/g)) {
    const name = /\sname="([^"]*)"/.exec(` ${m[1]}`)?.[1];
    const state = /\sstate="([^"]*)"/.exec(` ${m[1]}`)?.[1];
    if (name === undefined) continue;
    visibility[xmlText(name)] =
      state === 'veryHidden' ? 'VeryHidden' : state === 'hidden' ? 'Hidden' : 'Visible';
  }
  const protection = /<(?:\w+:)?workbookProtection\s([^>]*)>/.exec(workbook)?.[1] ?? '';
  const protectedStructure = /\slockStructure="(1|true)"/.test(` ${protection}`);
  const customXmlParts: string[] = [];
  const items = Object.keys(zip.files)
    .filter((name) => /^customXml\/item\d+\.xml$/.test(name))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
  for (const name of items) customXmlParts.push(await (zip.file(name) as JSZip.JSZipObject).async('string'));
  return { visibility, protectedStructure, customXmlParts };
}

export async function loadXlsx(file: string, options: LoadOptions = {}): Promise<ExcelSimulator> {
  const [grids, facts] = await Promise.all([readWorkbookFile(file), packageFacts(file)]);
  return ExcelSimulator.fromWorkbook(grids, {
    ...options,
    visibility: { ...facts.visibility, ...options.visibility },
    customXmlParts: options.customXmlParts ?? facts.customXmlParts,
    protectedStructure: options.protectedStructure ?? facts.protectedStructure,
  });
}

/** The workbook's grids and package facts, for the end-to-end harness (which builds its simulator in the page). */
export async function readForHarness(file: string): Promise<{ workbook: Workbook; facts: PackageFacts }> {
  const [grids, facts] = await Promise.all([readWorkbookFile(file), packageFacts(file)]);
  return { workbook: { sheets: grids.sheets }, facts };
}
