import type { Measurement } from './load';
import type { SeedReport } from './protocol';

/** The engines the benchmark runs on. */
export type Engine = 'postgres' | 'pglite';

/** A target: a share of the ceiling, a ratio between two cases, or an absolute rate. */
export type Target =
  | { kind: 'share'; min: number }
  | { kind: 'ratio'; min: number }
  | { kind: 'rate'; min: number };

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

/** Everything one engine × size block measured. */
export interface BlockResult {
  engine: Engine;
  size: number;
  ceiling: Measurement;
  seed: SeedReport | undefined;
  cases: CaseResult[];
  notes: string[];
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
  }
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

/** One block as a markdown table, with its footnotes. */
export function formatBlock(block: BlockResult): string {
  const lines = [
    `### ${blockTitle(block)}`,
    '',
    '| case | req/s | p50 ms | p99 ms | share of ceiling | target | result | CPU server · db · load gen |',
    '|---|---:|---:|---:|---:|---:|---|---:|',
  ];
  const ceiling = block.ceiling;
  lines.push(`| node:http ceiling | ${integer.format(ceiling.perSecond)} | ${formatMs(ceiling.p50)} | ${formatMs(ceiling.p99)} `
    + `| 100 % | — | — | ${formatCpu(ceiling)} |`);
  for (const row of block.cases) {
    const m = row.measurement;
    lines.push(`| ${row.label} | ${m === undefined ? '—' : integer.format(m.perSecond)} | ${formatMs(m?.p50)} | ${formatMs(m?.p99)} `
      + `| ${formatShare(row)} | ${formatTarget(row.target)} | ${formatResult(row, block.engine)} | ${formatCpu(m)} |`);
  }
  const footnotes = [...block.notes];
  const busy = [{ label: 'node:http ceiling', measurement: block.ceiling }, ...block.cases]
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
