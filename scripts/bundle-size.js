#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script run by Node, no build step */
// Checks the task pane bundle after `npm run build`:
//   1. gzips every dist/*.js and prints each size and the total in KiB; fails above the limit (300 KiB);
//   2. fails if a CLI-only module (exceljs, docx) is among the bundled modules listed by webpack.config.js in
//      build/taskpane-stats.json, or if that list is missing, stale (other .js files than dist/) or from a
//      development build.
//
//   node scripts/bundle-size.js [--limit KIB] [--dist DIR] [--stats FILE]
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { CLI_ONLY_MODULES, STATS_FILE } = require('../webpack.config.js');

const DEFAULT_LIMIT_KIB = 300;
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
  return problems;
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
  for (const file of jsFiles.sort()) {
    const raw = fs.readFileSync(path.join(opts.dist, file));
    const gz = zlib.gzipSync(raw, { level: 9 }).length;
    total += gz;
    console.log(
      `${(gz / KIB).toFixed(1).padStart(8)} KiB gzipped  ${(raw.length / KIB).toFixed(1).padStart(8)} KiB raw  ${file}`,
    );
  }
  const overLimit = total > opts.limit * KIB;
  console.log(
    `${(total / KIB).toFixed(1).padStart(8)} KiB gzipped in total (limit ${opts.limit} KiB)${overLimit ? ': TOO BIG' : ''}`,
  );
  const problems = moduleProblems(opts.stats, jsFiles);
  for (const p of problems) console.log(`FAIL ${p}`);
  if (problems.length === 0) console.log(`ok   no ${CLI_ONLY_MODULES.join(' / ')} modules in the bundle`);
  return overLimit || problems.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`bundle-size: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
