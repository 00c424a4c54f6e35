#!/usr/bin/env node
'use strict';
// Entry point of the `budget-review` command. The TypeScript sources are compiled into build/ by the
// package's `prepare` script, which npm runs on `npm install` and `npm ci`.
const path = require('path');
const fs = require('fs');
const main = path.join(__dirname, '..', 'build', 'src', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write(
    'budget-review: the command is not built yet; run `npm install` (or `npm run build:cli`) in ' +
      path.join(__dirname, '..') +
      '\n',
  );
  process.exit(2);
}
require(main)
  .run(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write('budget-review: ' + (err && err.message ? err.message : String(err)) + '\n');
      process.exitCode = 2;
    },
  );
