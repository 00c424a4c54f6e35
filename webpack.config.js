/* eslint-disable @typescript-eslint/no-require-imports -- webpack loads this file with plain Node (CommonJS) */
// Task pane build: src/taskpane/index.tsx → dist/taskpane.[contenthash].js, dist/taskpane.html, dist/assets/,
// dist/support.html and dist/manifest.xml.
//
//   npm run build                       production (minified); manifest URLs stay https://localhost:3000/
//   ADDIN_BASE_URL=https://addins.example.cn/budget-review/ npm run build
//                                       production; dist/manifest.xml points at that host (the source stays localhost)
//   OFFICE_JS_URL=https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js npm run build
//                                       Office.js from the China (21Vianet) CDN instead of the worldwide one
//   npm run build -- --env officejs=local
//                                       self-hosted Office.js: the @microsoft/office-js package's files are copied
//                                       to dist/office-js/ and the pane loads office-js/office.js from its own origin
//                                       (for networks that reach no CDN; docs/office-js.md says when to use which)
//   npm run build:dev                   development build, not minified
//   npm run dev-server                  https://localhost:3000 with office-addin-dev-certs' certificate
//   webpack --env e2e                   test only: the simulated Excel host as test-output/e2e/fake-office.js (e2eConfig)
//
// exceljs and docx are for the command line only: the build fails if either module reaches the task pane, and
// scripts/bundle-size.js checks the gzipped size and the module list written to build/taskpane-stats.json.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_BASE_URL = 'https://localhost:3000/';
const DEV_PORT = 3000;
const DEFAULT_OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** Where a self-hosted build (`--env officejs=local`) puts Office.js, relative to taskpane.html. */
const LOCAL_OFFICE_JS_DIR = 'office-js';
/**
 * The files of the @microsoft/office-js package (pinned in package.json) that a self-hosted build serves: its whole
 * dist/ folder, unmodified, as the library loads its host- and language-specific scripts from beside office.js.
 * Left out: the debug builds, type definitions and IntelliSense files, which the release office.js never loads.
 */
const OFFICE_JS_PACKAGE_DIST = path.join(
  path.dirname(require.resolve('@microsoft/office-js/package.json')),
  'dist',
);
const OFFICE_JS_LEFT_OUT = ['**/*.debug.js', '**/*.d.ts', '**/*-vsdoc.js'];
/** Modules for the command line only; they must never be part of the task pane. */
const CLI_ONLY_MODULES = ['exceljs', 'docx'];
const CLI_ONLY_PATTERN = new RegExp(`[\\\\/]node_modules[\\\\/](${CLI_ONLY_MODULES.join('|')})[\\\\/]`);
const STATS_FILE = path.resolve(__dirname, 'build', 'taskpane-stats.json');

/** An https URL setting from the environment; `base` ones end with '/'. Throws a readable error otherwise. */
function httpsUrl(name, value, { base = false } = {}) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute https URL, not "${value}"`);
  }
  if (url.protocol !== 'https:')
    throw new Error(`${name} must use https (Office requires it), not "${value}"`);
  if (base) {
    if (url.search || url.hash) throw new Error(`${name} must not have a query or a fragment: "${value}"`);
    if (!url.pathname.endsWith('/')) url.pathname += '/';
  }
  return url.href;
}

function escapeXmlAttribute(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Where the pane loads Office.js from: `--env officejs=local` → the copy served with the pane (a relative URL, so
 * dist/ can be hosted under any path); otherwise OFFICE_JS_URL, else Microsoft's worldwide CDN. Both at once is a
 * contradiction, refused with a readable error.
 */
function officeJsSource(env, officeJsUrlSetting) {
  const mode = env.officejs === undefined || env.officejs === true ? 'cdn' : String(env.officejs);
  if (mode !== 'cdn' && mode !== 'local') {
    throw new Error(`--env officejs must be "cdn" (the default) or "local", not "${mode}"`);
  }
  if (mode === 'local') {
    if (officeJsUrlSetting) {
      throw new Error(
        'OFFICE_JS_URL and --env officejs=local contradict each other: a self-hosted build loads Office.js ' +
          `from ${LOCAL_OFFICE_JS_DIR}/office.js beside the pane. Unset one of them.`,
      );
    }
    return { local: true, url: `${LOCAL_OFFICE_JS_DIR}/office.js` };
  }
  return { local: false, url: httpsUrl('OFFICE_JS_URL', officeJsUrlSetting || DEFAULT_OFFICE_JS_URL) };
}

/** The manifest with every https://localhost:3000/ replaced by the production base URL. */
function rewriteManifest(xml, baseUrl) {
  if (baseUrl === DEV_BASE_URL) return xml;
  return xml.split(DEV_BASE_URL).join(escapeXmlAttribute(baseUrl));
}

/** Fails the compilation when a CLI-only module (exceljs, docx) is part of the task pane. */
class CliOnlyModuleGuard {
  apply(compiler) {
    compiler.hooks.compilation.tap('CliOnlyModuleGuard', (compilation) => {
      compilation.hooks.finishModules.tap('CliOnlyModuleGuard', (modules) => {
        for (const m of modules) {
          const resource = m.resource || '';
          if (!CLI_ONLY_PATTERN.test(resource)) continue;
          const issuer = compilation.moduleGraph.getIssuer(m);
          const by =
            issuer && issuer.resource ? path.relative(__dirname, issuer.resource) : 'an unknown module';
          const error = new compiler.webpack.WebpackError(
            `${path.relative(__dirname, resource)} (imported by ${by}) is CLI-only: ` +
              `${CLI_ONLY_MODULES.join(' and ')} must never be part of the task pane bundle.`,
          );
          compilation.errors.push(error);
          return;
        }
      });
    });
  }
}

/** Writes the list of bundled modules and emitted assets for scripts/bundle-size.js (outside dist/). */
class ModuleListPlugin {
  apply(compiler) {
    compiler.hooks.done.tap('ModuleListPlugin', (stats) => {
      const json = stats.toJson({ all: false, modules: true, nestedModules: true, cachedModules: true });
      const names = new Set();
      const collect = (list) => {
        for (const m of list || []) {
          if (m.name) names.add(m.name);
          collect(m.modules);
        }
      };
      collect(json.modules);
      fs.mkdirSync(path.dirname(STATS_FILE), { recursive: true });
      const out = {
        mode: compiler.options.mode,
        assets: stats.compilation
          .getAssets()
          .map((a) => a.name)
          .sort(),
        modules: [...names].sort(),
      };
      fs.writeFileSync(STATS_FILE, JSON.stringify(out, null, 2) + '\n');
    });
  }
}

/**
 * HTTPS options for the dev server. office-addin-dev-certs creates a CA and a localhost certificate in
 * ~/.office-addin-dev-certs and installs the CA as trusted (Windows: user store; macOS: keychain; Linux: sudo into
 * /usr/local/share/ca-certificates). When it cannot install the CA (Linux without sudo, CI), the certificate it
 * already generated is used anyway (untrusted until you trust ca.crt yourself); failing that, webpack-dev-server
 * generates its own self-signed certificate. Either way the browser will warn until the certificate is trusted.
 */
async function devServerHttps() {
  try {
    const devCerts = require('office-addin-dev-certs');
    return { type: 'https', options: await devCerts.getHttpsServerOptions() };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const dir = path.join(os.homedir(), '.office-addin-dev-certs');
    const cert = path.join(dir, 'localhost.crt');
    const key = path.join(dir, 'localhost.key');
    const ca = path.join(dir, 'ca.crt');
    if (fs.existsSync(cert) && fs.existsSync(key)) {
      console.warn(
        `[dev-server] office-addin-dev-certs could not install its CA (${message}).\n` +
          `[dev-server] Using ${cert}; trust ${ca} yourself (see docs/sideloading.md) or the browser will warn.`,
      );
      return {
        type: 'https',
        options: {
          cert: fs.readFileSync(cert),
          key: fs.readFileSync(key),
          ...(fs.existsSync(ca) ? { ca: fs.readFileSync(ca) } : {}),
        },
      };
    }
    console.warn(
      `[dev-server] office-addin-dev-certs failed (${message}).\n` +
        '[dev-server] Falling back to a self-signed certificate generated by webpack-dev-server (untrusted).',
    );
    return { type: 'https' };
  }
}

const SUPPORT_PAGE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>预算绩效自评助手 · 帮助 / Budget Review · Help</title>
    <style>body{font-family:"Segoe UI","Microsoft YaHei",sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.6}</style>
  </head>
  <body>
    <h1>预算绩效自评助手</h1>
    <p>在 Excel 的“开始”选项卡点击“绩效自评”打开任务窗格：检查预算表格，生成绩效自评报告的数据与文字。
      结果写入新的工作表，原有数据不会被修改。如需帮助，请联系贵单位的 Microsoft 365 管理员。</p>
    <h2 lang="en">Budget Review</h2>
    <p lang="en">On Excel's Home tab, select Self-Evaluation to open the task pane: it checks the budget worksheets and
      writes the figures and text of the performance self-evaluation report into new sheets; existing data is not
      changed. For help, contact your organisation's Microsoft 365 administrator.</p>
  </body>
</html>
`;

/**
 * Test-only build (`webpack --env e2e`): test/e2e/fake-office.ts, the simulated Excel host behind fake `Office` and
 * `Excel` globals, → test-output/e2e/fake-office.js (git-ignored, like the tests' screenshots). The end-to-end
 * tests serve it in place of the CDN's office.js to the production task pane in dist/; the production build
 * neither changes nor includes the simulator.
 */
function e2eConfig(mode) {
  return {
    mode,
    target: ['web', 'es2020'],
    devtool: false,
    entry: { 'fake-office': path.resolve(__dirname, 'test/e2e/fake-office.ts') },
    output: {
      path: path.resolve(__dirname, 'test-output', 'e2e'),
      filename: '[name].js',
      publicPath: '',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: { transpileOnly: true, configFile: path.resolve(__dirname, 'tsconfig.taskpane.json') },
          },
        },
      ],
    },
    plugins: [new CliOnlyModuleGuard()],
    optimization: { minimize: false },
    performance: { hints: false },
  };
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  if (env.e2e) return e2eConfig(mode);
  const dev = mode === 'development';
  const serving = Boolean(env.WEBPACK_SERVE);

  const officeJs = officeJsSource(env, process.env.OFFICE_JS_URL);
  let baseUrl = DEV_BASE_URL;
  if (process.env.ADDIN_BASE_URL) {
    if (dev) {
      console.warn(
        '[webpack] ADDIN_BASE_URL is ignored in development builds: the manifest stays on localhost.',
      );
    } else {
      baseUrl = httpsUrl('ADDIN_BASE_URL', process.env.ADDIN_BASE_URL, { base: true });
    }
  } else if (!dev && !serving) {
    console.warn(`[webpack] ADDIN_BASE_URL is not set: dist/manifest.xml points at ${DEV_BASE_URL}`);
  }

  return {
    mode,
    // Fluent UI v9's dependencies ship ES2020 (optional chaining), so the bundle needs a Chromium/WebKit webview;
    // taskpane.html shows a message instead of a blank pane in older webviews (IE11, EdgeHTML).
    target: ['web', 'es2020'],
    devtool: dev ? 'source-map' : false,
    entry: { taskpane: path.resolve(__dirname, 'src/taskpane/index.tsx') },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].[contenthash].js',
      chunkFilename: '[name].[contenthash].js',
      publicPath: '', // relative URLs: dist/ can be hosted under any path
      clean: true,
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.js', '.mjs', '.json'],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: { transpileOnly: true, configFile: path.resolve(__dirname, 'tsconfig.taskpane.json') },
          },
        },
      ],
    },
    plugins: [
      new CliOnlyModuleGuard(),
      new ModuleListPlugin(),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: path.resolve(__dirname, 'src/taskpane/taskpane.html'),
        chunks: ['taskpane'],
        officeJsUrl: officeJs.url,
      }),
      new HtmlWebpackPlugin({ filename: 'support.html', templateContent: SUPPORT_PAGE, inject: false }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets', to: 'assets' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => rewriteManifest(content.toString('utf8'), baseUrl),
          },
          ...(officeJs.local
            ? [
                {
                  from: OFFICE_JS_PACKAGE_DIST,
                  to: LOCAL_OFFICE_JS_DIR,
                  globOptions: { ignore: OFFICE_JS_LEFT_OUT },
                  info: { minimized: true }, // copied as published: never minified again
                },
                {
                  from: path.join(path.dirname(OFFICE_JS_PACKAGE_DIST), 'LICENSE.md'),
                  to: `${LOCAL_OFFICE_JS_DIR}/LICENSE.md`,
                },
              ]
            : []),
        ],
      }),
    ],
    optimization: { minimize: !dev },
    // webpack measures raw sizes; the gzipped limit (300 KiB) is checked by scripts/bundle-size.js.
    performance: { hints: false },
    devServer: serving
      ? {
          port: DEV_PORT,
          server: await devServerHttps(),
          headers: { 'Access-Control-Allow-Origin': '*' },
          hot: false,
          liveReload: true,
          client: { overlay: { warnings: false, errors: true } },
          static: false,
        }
      : undefined,
  };
};

module.exports.DEV_BASE_URL = DEV_BASE_URL;
module.exports.DEFAULT_OFFICE_JS_URL = DEFAULT_OFFICE_JS_URL;
module.exports.LOCAL_OFFICE_JS_DIR = LOCAL_OFFICE_JS_DIR;
module.exports.OFFICE_JS_PACKAGE_DIST = OFFICE_JS_PACKAGE_DIST;
module.exports.OFFICE_JS_LEFT_OUT = OFFICE_JS_LEFT_OUT;
module.exports.officeJsSource = officeJsSource;
module.exports.CLI_ONLY_MODULES = CLI_ONLY_MODULES;
module.exports.STATS_FILE = STATS_FILE;
module.exports.httpsUrl = httpsUrl;
module.exports.rewriteManifest = rewriteManifest;
