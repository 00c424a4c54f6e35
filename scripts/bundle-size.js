#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script run by Node, no build step */
// Checks the task pane bundle after `npm run build`:
//   1. gzips every dist/*.js and prints each size and the total in KiB; fails above the limit (300 KiB) for what the
//      pane may load in normal use, the on-demand chunks (docx-export, loaded when the Word document is made) apart,
//      each under its own limit (250 KiB);
//   2. fails if a CLI-only module (exceljs) is among the bundled modules listed by webpack.config.js in
//      build/taskpane-stats.json, if an on-demand module (docx) is in any chunk but its own, or if that list is
//      missing, stale (other .js files than dist/) or from a development build.
//
//   node scripts/bundle-size.js [--limit KIB] [--dist DIR] [--stats FILE]
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { CLI_ONLY_MODULES, ON_DEMAND_MODULES, STATS_FILE } = require('../webpack.config.js');

const DEFAULT_LIMIT_KIB = 300;
/** The limit of each on-demand chunk, gzipped. */
const ON_DEMAND_LIMIT_KIB = 250;
const KIB = 1024;

function parseArgs(argv) {
  const opts = { limit: DEFAULT_LIMIT_KIB, dist: path.resolve(__dirname, '..', 'dist'), stats: STATS_FILE };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--limit' && Number(value) > 0) opts.limit = Number(value);
    else if (flag === '--dist') opts.dist = path.resolve(value);
    else if (flag === '--stats') opts.stats = path.resolve(value);
    else throw new Error(`unexpected argument ${flag} ${value}`);
  }
  return opts;
}

/** Problems with the module list: CLI-only modules, or a list that does not describe dist/. */
function moduleProblems(statsFile, jsFiles) {
  if (!fs.existsSync(statsFile))
    return [`${path.relative(process.cwd(), statsFile)} missing: run npm run build`];
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  const problems = [];
  if (stats.mode !== 'production')
    problems.push(`the last build was a ${stats.mode} build: run npm run build`);
  const listed = (stats.assets || [])
    .filter((a) => typeof a === 'string' && a.endsWith('.js') && !a.includes('/'))
    .sort();
  if (listed.join('\n') !== [...jsFiles].sort().join('\n')) {
    problems.push(
      `module list is stale (built ${listed.join(', ')}; dist has ${jsFiles.join(', ')}): rebuild`,
    );
  }
  const names = CLI_ONLY_MODULES.join('|');
  const pattern = new RegExp(
    `(^|[\\\\/])node_modules[\\\\/](${names})[\\\\/]|^(external|ignored) .*["'](${names})["'/]`,
  );
  const bad = (stats.modules || []).filter((m) => pattern.test(m));
  if (bad.length > 0) {
    problems.push(
      `CLI-only module(s) in the task pane bundle: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}`,
    );
  }
  for (const [mod, chunkName] of Object.entries(ON_DEMAND_MODULES)) {
    const own = new RegExp(`(^|[\\\\/])node_modules[\\\\/]${mod}[\\\\/]`);
    for (const c of stats.chunks || []) {
      if (c.names.includes(chunkName)) {
        if (c.initial)
          problems.push(`the ${chunkName} chunk is loaded when the pane opens: it must be on demand`);
        continue;
      }
      if (c.modules.some((m) => own.test(m)))
        problems.push(
          `${mod} is in the chunk ${c.names.join(', ') || c.files.join(', ')}, not only in ${chunkName}`,
        );
    }
  }
  return problems;
}

/** The .js files of the on-demand chunks (named in ON_DEMAND_MODULES), from the module list. */
function onDemandFiles(statsFile) {
  if (!fs.existsSync(statsFile)) return new Set();
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  const names = new Set(Object.values(ON_DEMAND_MODULES));
  return new Set(
    (stats.chunks || []).filter((c) => c.names.some((n) => names.has(n))).flatMap((c) => c.files),
  );
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const jsFiles = fs.existsSync(opts.dist) ? fs.readdirSync(opts.dist).filter((f) => f.endsWith('.js')) : [];
  if (jsFiles.length === 0) {
    console.error(
      `bundle-size: no .js files in ${path.relative(process.cwd(), opts.dist) || '.'}: run npm run build`,
    );
    return 1;
  }
  let total = 0;
  let onDemandOver = false;
  const onDemand = onDemandFiles(opts.stats);
  for (const file of jsFiles.sort()) {
    const raw = fs.readFileSync(path.join(opts.dist, file));
    const gz = zlib.gzipSync(raw, { level: 9 }).length;
    const lazy = onDemand.has(file);
    if (lazy) onDemandOver = onDemandOver || gz > ON_DEMAND_LIMIT_KIB * KIB;
    else total += gz;
    console.log(
      `${(gz / KIB).toFixed(1).padStart(8)} KiB gzipped  ${(raw.length / KIB).toFixed(1).padStart(8)} KiB raw  ${file}` +
        (lazy
          ? `  (on demand, limit ${ON_DEMAND_LIMIT_KIB} KiB${gz > ON_DEMAND_LIMIT_KIB * KIB ? ': TOO BIG' : ''})`
          : ''),
    );
  }
  const overLimit = total > opts.limit * KIB || onDemandOver;
  console.log(
    `${(total / KIB).toFixed(1).padStart(8)} KiB gzipped in total without the on-demand chunks (limit ${opts.limit} KiB)${total > opts.limit * KIB ? ': TOO BIG' : ''}`,
  );
  const problems = moduleProblems(opts.stats, jsFiles);
  for (const p of problems) console.log(`FAIL ${p}`);
  if (problems.length === 0)
    console.log(
      `ok   no ${CLI_ONLY_MODULES.join(' / ')} modules in the bundle; ${Object.keys(ON_DEMAND_MODULES).join(' / ')} on demand only`,
    );
  return overLimit || problems.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`bundle-size: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
