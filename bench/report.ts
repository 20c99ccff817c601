import type { BundleSizes } from './console-build';
import type { Measurement } from './load';
import type { SeedReport } from './protocol';

/** The engines the benchmark runs on. */
export type Engine = 'postgres' | 'pglite';

/**
 * A target: a share of the ceiling, a ratio between two cases, an absolute rate, decisions
 * per second (requests per second × the checks each request carries), or a median latency.
 */
export type Target =
  | { kind: 'share'; min: number }
  | { kind: 'ratio'; min: number }
  | { kind: 'rate'; min: number }
  | { kind: 'decisions'; min: number; perRequest: number }
  | { kind: 'latency'; maxMs: number };

/** One row of a table. */
export interface CaseResult {
  name: string;
  label: string;
  /** Undefined for derived rows (deep ÷ first). */
  measurement: Measurement | undefined;
  /** The share of the ceiling, or the ratio of a derived row. */
  share: number | undefined;
  target: Target | undefined;
  /** Extra facts worth a footnote (rows returned, etc.). */
  note?: string;
}

/** Spread of a sample, in milliseconds. */
export interface Distribution {
  n: number;
  median: number;
  /** With 10 samples, the highest but none: nearest rank. */
  p95: number;
  min: number;
  max: number;
}

/** Cores used, on average, during a console measurement's samples. */
export interface ConsoleCpu {
  server: number;
  database: number;
  browser: number;
  foreign: number;
}

/** One row of the console table: a time in Chromium, over repeated samples. */
export interface ConsoleMeasure {
  name: string;
  label: string;
  ms: Distribution | undefined;
  /** The issue's target for the median, in ms. */
  targetMs: number | undefined;
  /** Where the median sample's time went, in words. */
  breakdown: string | undefined;
  cpu: ConsoleCpu | undefined;
  /** Samples taken again because other processes used more than 0.2 of a core meanwhile. */
  retaken: number;
}

/** What the console case measured in one block, or why it could not. */
export interface ConsoleResult {
  measures: ConsoleMeasure[];
  notes: string[];
  problem: string | undefined;
}

/** Everything one engine × size block measured. */
export interface BlockResult {
  engine: Engine;
  size: number;
  /** Undefined when the block ran no load case (e.g. `--case=console`): no references were measured. */
  ceiling: Measurement | undefined;
  seed: SeedReport | undefined;
  cases: CaseResult[];
  notes: string[];
  console?: ConsoleResult;
}

/** Whether a row meets its target; undefined when it has none or could not be measured. */
export function meetsTarget(row: CaseResult): boolean | undefined {
  if (row.target === undefined) return undefined;
  if (row.measurement?.problem !== undefined) return undefined;
  switch (row.target.kind) {
    case 'share':
    case 'ratio':
      return row.share === undefined ? undefined : row.share >= row.target.min;
    case 'rate':
      return row.measurement === undefined ? undefined : row.measurement.perSecond >= row.target.min;
    case 'decisions':
      return row.measurement === undefined ? undefined : row.measurement.perSecond * row.target.perRequest >= row.target.min;
    case 'latency':
      return row.measurement === undefined ? undefined : row.measurement.p50 <= row.target.maxMs;
  }
}

/** Whether a target's kind is judged on the share of the ceiling (so the row gets one). */
export function hasShare(target: Target | undefined): boolean {
  return target === undefined || target.kind === 'share' || target.kind === 'decisions';
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function formatMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

/** Cores used by the server child, the database (PostgreSQL only) and the load generator. */
function formatCpu(m: Measurement | undefined): string {
  if (m?.cpu === undefined) return '—';
  const { server, database, client } = m.cpu;
  return `${(server.user + server.system).toFixed(2)} · ${database.toFixed(2)} · ${client.toFixed(2)}`;
}

function formatShare(row: CaseResult): string {
  if (row.share === undefined) return '—';
  return row.measurement === undefined ? row.share.toFixed(2) : `${(row.share * 100).toFixed(1)} %`;
}

function formatTarget(target: Target | undefined): string {
  if (target === undefined) return '—';
  switch (target.kind) {
    case 'share': return `≥ ${(target.min * 100).toFixed(0)} %`;
    case 'ratio': return `≥ ${target.min.toFixed(2)}`;
    case 'rate': return `≥ ${integer.format(target.min)}/s`;
    case 'decisions': return `≥ ${integer.format(target.min)} decisions/s`;
    case 'latency': return `p50 ≤ ${integer.format(target.maxMs)} ms`;
  }
}

function formatResult(row: CaseResult, engine: Engine): string {
  if (row.measurement?.problem !== undefined) return 'INVALID';
  const met = meetsTarget(row);
  if (met === undefined) return '—';
  // Targets are set for PostgreSQL; PGlite's verdicts are for comparison only.
  const mark = engine === 'postgres' ? '' : '†';
  return met ? `pass${mark}` : `**miss**${mark}`;
}

/** The title of a block's table. */
export function blockTitle(block: Pick<BlockResult, 'engine' | 'size'>): string {
  return `${block.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${integer.format(block.size)} members`;
}

/** One block as markdown: the load table with its footnotes, then the console's. */
export function formatBlock(block: BlockResult): string {
  const parts: string[] = [];
  if (block.ceiling !== undefined) parts.push(formatLoadTable(block, block.ceiling));
  if (block.console !== undefined) parts.push(formatConsole(block));
  return parts.join('\n\n');
}

function formatLoadTable(block: BlockResult, ceiling: Measurement): string {
  const lines = [
    `### ${blockTitle(block)}`,
    '',
    '| case | req/s | p50 ms | p99 ms | share of ceiling | target | result | CPU server · db · load gen |',
    '|---|---:|---:|---:|---:|---:|---|---:|',
  ];
  lines.push(`| node:http ceiling | ${integer.format(ceiling.perSecond)} | ${formatMs(ceiling.p50)} | ${formatMs(ceiling.p99)} `
    + `| 100 % | — | — | ${formatCpu(ceiling)} |`);
  for (const row of block.cases) {
    const m = row.measurement;
    lines.push(`| ${row.label} | ${m === undefined ? '—' : integer.format(m.perSecond)} | ${formatMs(m?.p50)} | ${formatMs(m?.p99)} `
      + `| ${formatShare(row)} | ${formatTarget(row.target)} | ${formatResult(row, block.engine)} | ${formatCpu(m)} |`);
  }
  const footnotes = [...block.notes];
  const busy = [{ label: 'node:http ceiling', measurement: ceiling }, ...block.cases]
    .filter((row) => (row.measurement?.cpu?.foreign ?? 0) >= 0.1);
  if (busy.length > 0) {
    footnotes.push(`measured while other processes on the machine used CPU (cores, after up to 3 attempts): ${busy
      .map((row) => `${row.label} ${row.measurement?.cpu?.foreign.toFixed(2)} (${row.measurement?.cpu?.top})`).join('; ')}`);
  }
  for (const row of block.cases) {
    if (row.measurement?.problem !== undefined) footnotes.push(`${row.label}: ${row.measurement.problem}`);
    if (row.note !== undefined) footnotes.push(`${row.label}: ${row.note}`);
  }
  if (block.engine === 'pglite') footnotes.push('† the targets are set for PostgreSQL; PGlite verdicts are for comparison.');
  if (footnotes.length > 0) lines.push('', ...footnotes.map((note) => `- ${note}`));
  return lines.join('\n');
}

/** Whether a console row's median meets its target; undefined when it has none or was not measured. */
export function meetsConsoleTarget(measure: ConsoleMeasure): boolean | undefined {
  if (measure.targetMs === undefined || measure.ms === undefined) return undefined;
  return measure.ms.median <= measure.targetMs;
}

function formatConsoleCpu(cpu: ConsoleCpu | undefined): string {
  if (cpu === undefined) return '—';
  return `${cpu.server.toFixed(2)} · ${cpu.database.toFixed(2)} · ${cpu.browser.toFixed(2)}`;
}

/** The console case of one block: times in Chromium, with the targets. */
export function formatConsole(block: BlockResult): string {
  const result = block.console;
  if (result === undefined) return '';
  const mark = block.engine === 'postgres' ? '' : '†';
  const lines = [`### Console in Chromium, ${blockTitle(block)}`, ''];
  if (result.problem !== undefined) lines.push(`Not measured: ${result.problem}`, '');
  if (result.measures.length > 0) {
    lines.push(
      '| measure | median ms | p95 ms | min–max ms | n | target (median) | result | CPU server · db · browser |',
      '|---|---:|---:|---:|---:|---:|---|---:|',
    );
    for (const m of result.measures) {
      const met = meetsConsoleTarget(m);
      const verdict = met === undefined ? '—' : met ? `pass${mark}` : `**miss**${mark}`;
      lines.push(`| ${m.label} | ${formatMs(m.ms?.median)} | ${formatMs(m.ms?.p95)} `
        + `| ${m.ms === undefined ? '—' : `${formatMs(m.ms.min)}–${formatMs(m.ms.max)}`} | ${m.ms?.n ?? 0} `
        + `| ${m.targetMs === undefined ? '—' : `≤ ${integer.format(m.targetMs)} ms`} | ${verdict} | ${formatConsoleCpu(m.cpu)} |`);
    }
  }
  const footnotes = [...result.notes];
  for (const m of result.measures) {
    if (m.breakdown !== undefined) footnotes.push(`${m.label}, median sample: ${m.breakdown}`);
    if (m.retaken > 0) footnotes.push(`${m.label}: ${m.retaken} sample(s) taken again (other processes used > 0.2 core meanwhile)`);
    if ((m.cpu?.foreign ?? 0) >= 0.1) footnotes.push(`${m.label}: other processes used ${m.cpu?.foreign.toFixed(2)} cores on average`);
  }
  if (block.engine === 'pglite') footnotes.push('† the targets are set for PostgreSQL; PGlite verdicts are for comparison.');
  if (footnotes.length > 0) lines.push('', ...footnotes.map((note) => `- ${note}`));
  return lines.join('\n');
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The console bundle: what the first screen downloads, gzipped, against the 300 kB target. */
export function formatBundle(bundle: BundleSizes, targetBytes: number, lazy: Array<{ file: string; bytes: number; gzip: number }> | undefined): string {
  const met = bundle.initialJs.gzip <= targetBytes;
  const lines = [
    '### Console bundle',
    '',
    '| what | files | raw | gzip -9 | target (gzip) | result |',
    '|---|---:|---:|---:|---:|---|',
    `| initial JavaScript (entry + modulepreloads) | ${1 + bundle.preloads.length} | ${kB(bundle.initialJs.bytes)} `
      + `| ${kB(bundle.initialJs.gzip)} | ≤ ${kB(targetBytes)} | ${met ? 'pass' : '**miss**'} |`,
    `| initial CSS | ${bundle.css.length} | ${kB(bundle.initialCss.bytes)} | ${kB(bundle.initialCss.gzip)} | — | — |`,
  ];
  if (lazy !== undefined) {
    const total = lazy.reduce((n, f) => ({ bytes: n.bytes + f.bytes, gzip: n.gzip + f.gzip }), { bytes: 0, gzip: 0 });
    lines.push(`| loaded lazily for the members route | ${lazy.length} | ${kB(total.bytes)} | ${kB(total.gzip)} | — | — |`);
  }
  lines.push(`| all JavaScript in the build | ${bundle.allJs.files} | ${kB(bundle.allJs.bytes)} | ${kB(bundle.allJs.gzip)} | — | — |`);
  const files = [bundle.entry, ...bundle.preloads, ...bundle.css];
  lines.push('', `- initial files: ${files.map((f) => `\`${f.file}\` ${kB(f.gzip)}`).join(', ')}`);
  if (lazy !== undefined) {
    lines.push(`- members route, loaded after the entry: ${lazy.length === 0 ? 'nothing' : lazy.map((f) => `\`${f.file}\` ${kB(f.gzip)}`).join(', ')}`);
  }
  lines.push('- kB are 1,000 bytes, as Vite prints them; the server sends these files uncompressed today (no compression plugin)');
  return lines.join('\n');
}
