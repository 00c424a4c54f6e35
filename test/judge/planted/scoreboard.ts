/**
 * The planted-cell scoreboard: per layout and per kind of planted figure, how many cases give exactly one finding
 * above info, at the right cell, with the right `expected` (and `cause`).
 */
export class PlantedScoreboard {
  private readonly cells = new Map<string, Map<string, [number, number]>>();

  record(row: string, column: string, pass: boolean): void {
    const r = this.cells.get(row) ?? new Map<string, [number, number]>();
    const [p, t] = r.get(column) ?? [0, 0];
    r.set(column, [p + (pass ? 1 : 0), t + 1]);
    this.cells.set(row, r);
  }

  render(title: string): string {
    const columns = [...new Set([...this.cells.values()].flatMap((r) => [...r.keys()]))].sort();
    const width = Math.max(...columns.map((c) => c.length), 5) + 2;
    const lines = [
      title,
      ''.padEnd(18) + columns.map((c) => c.padStart(width)).join('') + 'all'.padStart(width),
    ];
    let pAll = 0;
    let tAll = 0;
    for (const [name, r] of [...this.cells.entries()].sort()) {
      let p = 0;
      let t = 0;
      const cols = columns.map((c) => {
        const v = r.get(c);
        if (!v) return '·'.padStart(width);
        p += v[0];
        t += v[1];
        return `${v[0]}/${v[1]}`.padStart(width);
      });
      pAll += p;
      tAll += t;
      lines.push(name.padEnd(18) + cols.join('') + `${p}/${t}`.padStart(width));
    }
    lines.push(
      `${'all'.padEnd(18)}${''.padStart(width * columns.length)}${`${pAll}/${tAll}`.padStart(width)}`,
    );
    return lines.join('\n');
  }
}
