import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { consoleSourceHash, consoleWebDir } from '@roster/console';

/**
 * The web console the console case measures: a production build of the current sources in
 * bench/results/console/dist/, rebuilt when its sources change, and what it weighs.
 *
 * Not apps/console/dist: that folder is rebuilt by whoever runs first (npm start, the test
 * suite's global setup) while the benchmark serves it, and a build made under NODE_ENV=test
 * is React's development build (Vite keeps a NODE_ENV it finds), stamped as current all the
 * same. Here the build runs in its own process with NODE_ENV=production, from the same
 * vite.config.ts, and the run fails if a development runtime slipped in anyway.
 *
 * Run directly (`tsx bench/console-build.ts <outDir>`), this file is that build process.
 */

const STAMP = '.source-hash';
/** Size of the target, in Vite's kB (1,000 bytes): initial JavaScript, gzipped. */
export const INITIAL_JS_TARGET_BYTES = 300_000;

/** One built file, as served and as gzip would send it. */
export interface AssetSize {
  /** Path under the build, e.g. `assets/index-F04YRfHX.js`. */
  file: string;
  bytes: number;
  /** gzip level 9 (node:zlib), what a compressing proxy or server would send. */
  gzip: number;
}

/** What the first screen downloads before any route code: index.html's entry script, its modulepreloads and its CSS. */
export interface BundleSizes {
  entry: AssetSize;
  preloads: AssetSize[];
  css: AssetSize[];
  /** Entry + preloads. */
  initialJs: { bytes: number; gzip: number };
  initialCss: { bytes: number; gzip: number };
  /** Every .js file the build wrote, for scale. */
  allJs: { files: number; bytes: number; gzip: number };
}

/** The build the console case serves. */
export interface ConsoleBuild {
  /** Served as the server child's console (BENCH_CONSOLE_DIR). */
  dir: string;
  sourceHash: string;
  /** Seconds spent building in this run; 0 when the previous build was current. */
  buildSeconds: number;
  bundle: BundleSizes;
  /** The size of any file of the build, by its path under the build (`assets/…`). */
  sizeOf(file: string): AssetSize | undefined;
}

// Under a folder named dist, which ESLint's configuration already leaves alone.
const OUT_DIR = fileURLToPath(new URL('./results/console/dist/', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);

function sizeFile(dir: string, file: string): AssetSize {
  const content = readFileSync(join(dir, file));
  return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
}

function sum(sizes: AssetSize[]): { bytes: number; gzip: number } {
  return { bytes: sizes.reduce((n, s) => n + s.bytes, 0), gzip: sizes.reduce((n, s) => n + s.gzip, 0) };
}

/** Reads index.html the way the browser does: the module entry, each `modulepreload`, each stylesheet. */
export function measureBundle(dir: string): BundleSizes {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const local = (url: string) => url.replace(/^\//, '');
  const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1];
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => /type="module"/.test(tag));
  const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
  const entrySrc = scripts.map((tag) => attribute(tag, 'src')).find((src) => src !== undefined);
  if (entrySrc === undefined) throw new Error(`${join(dir, 'index.html')} names no module script`);
  const hrefs = (rel: string) => links.filter((tag) => attribute(tag, 'rel') === rel)
    .map((tag) => attribute(tag, 'href')).filter((href): href is string => href !== undefined);
  const entry = sizeFile(dir, local(entrySrc));
  const preloads = hrefs('modulepreload').map((href) => sizeFile(dir, local(href)));
  const css = hrefs('stylesheet').map((href) => sizeFile(dir, local(href)));
  const allJs = readdirSync(join(dir, 'assets')).filter((name) => name.endsWith('.js')).map((name) => sizeFile(dir, `assets/${name}`));
  return {
    entry, preloads, css, initialJs: sum([entry, ...preloads]), initialCss: sum(css),
    allJs: { files: allJs.length, ...sum(allJs) },
  };
}

/** Runs this file as a child process: Vite in production mode, away from the benchmark's own process and environment. */
async function buildInChild(outDir: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', THIS_FILE, outDir], {
    stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' },
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`building the console failed (exit code ${code})`);
}

/**
 * The console build for this run: reused when its stamp names the current sources, built
 * again otherwise. Sources edited during the build (others work in this tree) make it build
 * again, up to three times.
 */
export async function prepareConsoleBuild(log: (line: string) => void): Promise<ConsoleBuild> {
  let hash = await consoleSourceHash();
  const stampFile = join(OUT_DIR, STAMP);
  const current = existsSync(join(OUT_DIR, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash;
  let buildSeconds = 0;
  if (!current) {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      await buildInChild(OUT_DIR);
      buildSeconds += (performance.now() - started) / 1000;
      const after = await consoleSourceHash();
      if (after === hash || attempt === 3) {
        if (after !== hash) log('   (the console\'s sources kept changing during the build; measuring the last build)');
        hash = after;
        break;
      }
      hash = after;
    }
    writeFileSync(stampFile, `${hash}\n`);
    log(`   built the console (production) in ${buildSeconds.toFixed(1)} s into ${OUT_DIR}`);
  }
  const assets = readdirSync(join(OUT_DIR, 'assets'));
  const development = assets.find((name) => name.startsWith('jsx-dev-runtime'));
  if (development !== undefined) throw new Error(`the console build in ${OUT_DIR} is a development build (${development})`);
  const sizes = new Map<string, AssetSize>();
  return {
    dir: OUT_DIR, sourceHash: hash, buildSeconds, bundle: measureBundle(OUT_DIR),
    sizeOf(file) {
      const path = file.replace(/^\//, '');
      if (!sizes.has(path) && existsSync(join(OUT_DIR, path))) sizes.set(path, sizeFile(OUT_DIR, path));
      return sizes.get(path);
    },
  };
}

async function buildMain(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    root: consoleWebDir,
    configFile: join(consoleWebDir, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

if (process.argv[1] === THIS_FILE) {
  const outDir = process.argv[2];
  if (outDir === undefined) throw new Error('usage: tsx bench/console-build.ts <outDir>');
  buildMain(outDir).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
