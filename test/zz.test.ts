import { readWorkbookFile } from '../src/hosts/xlsx';
import { analyze } from '../src/engine';
test('x', async () => {
  const a = analyze(await readWorkbookFile(process.env.F as string));
  console.log(JSON.stringify(a.tables, null, 0));
  console.log(a.findings.map((f) => `${f.rule} ${f.sheet}!${f.cell} ${f.severity} ${f.expected} ${f.message}`).join('\n'));
});
