/**
 * Where the built pane loads Office.js from (webpack.config.js): Microsoft's worldwide CDN by default, another CDN
 * through OFFICE_JS_URL (the China cloud's), or, with `--env officejs=local`, the pinned @microsoft/office-js
 * package's files served beside the pane. The self-hosted build itself is loaded in Chromium with no outside
 * network by test/e2e/office-js-local.e2e.ts.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

interface WebpackConfigModule {
  DEFAULT_OFFICE_JS_URL: string;
  LOCAL_OFFICE_JS_DIR: string;
  OFFICE_JS_PACKAGE_DIST: string;
  officeJsSource(
    env: Record<string, unknown>,
    officeJsUrl: string | undefined,
  ): { local: boolean; url: string };
}

const config = createRequire(__filename)(path.join(ROOT, 'webpack.config.js')) as WebpackConfigModule;
const CHINA = 'https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js';

describe('the Office.js source of a build', () => {
  it('is Microsoft’s CDN by default', () => {
    expect(config.officeJsSource({}, undefined)).toEqual({
      local: false,
      url: 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
    });
    expect(config.officeJsSource({ officejs: 'cdn' }, '')).toEqual(config.officeJsSource({}, undefined));
  });

  it('is the address OFFICE_JS_URL gives (the China cloud operated by 21Vianet), which must be https', () => {
    expect(config.officeJsSource({}, CHINA)).toEqual({ local: false, url: CHINA });
    expect(() => config.officeJsSource({}, CHINA.replace('https:', 'http:'))).toThrow(
      /OFFICE_JS_URL must use https/,
    );
  });

  it('is office-js/office.js beside the pane with --env officejs=local, a relative URL', () => {
    expect(config.officeJsSource({ officejs: 'local' }, undefined)).toEqual({
      local: true,
      url: 'office-js/office.js',
    });
  });

  it('refuses a contradiction or an unknown value with a readable error', () => {
    expect(() => config.officeJsSource({ officejs: 'local' }, CHINA)).toThrow(
      /OFFICE_JS_URL and --env officejs=local contradict each other/,
    );
    expect(() => config.officeJsSource({ officejs: 'intranet' }, undefined)).toThrow(
      /--env officejs must be "cdn" \(the default\) or "local", not "intranet"/,
    );
  });

  it('copies the pinned @microsoft/office-js package’s own files', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const pinned = pkg.devDependencies['@microsoft/office-js'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(
      fs.readFileSync(path.join(path.dirname(config.OFFICE_JS_PACKAGE_DIST), 'package.json'), 'utf8'),
    ) as { version: string };
    expect(installed.version).toBe(pinned);
    expect(fs.existsSync(path.join(config.OFFICE_JS_PACKAGE_DIST, 'office.js'))).toBe(true);
    expect(path.relative(ROOT, config.OFFICE_JS_PACKAGE_DIST)).toBe(
      path.join('node_modules', '@microsoft', 'office-js', 'dist'),
    );
  });
});
