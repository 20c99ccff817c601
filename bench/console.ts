import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import type { Session } from './api';
import type { ServerChild } from './child';
import type { AssetSize, ConsoleBuild } from './console-build';
import { cpuBetween, snapshotCpu, type CpuUse } from './cpu';
import type { ConsoleCpu, ConsoleMeasure, ConsoleResult, Distribution, Engine } from './report';
import { SEARCH_FRAGMENT } from './seed';
import { summarizeTrace } from './trace-summary';

/**
 * The console case: the web console's members page in Debian's Chromium (playwright-core,
 * never a downloaded browser), against a Roster child serving the seeded organization.
 *
 * - first page, cold: a new browser context (empty cache, no connections) navigates to
 *   /orgs/{orgId}/members; the time runs from navigation start (the page's time origin) to
 *   the moment the frame with the first `tr[data-member-id]` row reached the screen (Element
 *   Timing's renderTime; the time that frame was produced when Chromium reports none);
 * - first page, warm: the same in a context that has loaded the console once (its hashed
 *   assets are cached for a year);
 * - status filter: on a freshly loaded page, the Status select is set to Deactivated; the
 *   time runs from the click on the option (the event's own timestamp) to the frame in which
 *   the table's first and last rows became those of the filtered page the API answered reached
 *   the screen;
 * - search: on a freshly loaded page, "zephyr" is typed into the search box (40 ms between
 *   keys); the time runs from the last keystroke to the results on screen — the search box's
 *   debounce is included, and the breakdown shows how long the request waited for it.
 *
 * Each sample is taken after half a second in which other processes used at most 0.2 of a
 * core (waiting up to 10 s, 120 s per block), and taken again if they used more meanwhile.
 *
 * All times are read inside the page (performance.now(), event timestamps, Resource Timing),
 * so Playwright's own round trips are not in them. The in-page code is plain JavaScript in
 * strings: tsx compiles this file with keepNames, which breaks functions sent to the page.
 */

/** Where Debian installs Chromium. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
/** The issue's targets for the median, in ms. */
export const FIRST_PAGE_TARGET_MS = 1000;
export const FILTER_TARGET_MS = 300;
/** Other processes may use this much CPU (cores) during a sample before it is taken again. */
const NOISE_LIMIT = 0.2;
const WAIT_MS = 30_000;
/** The longest wait for a quiet half second before one sample, and for all samples of a block. */
const QUIET_WAIT_MS = 10_000;
const QUIET_BUDGET_MS = 120_000;
const ROW = 'tr[data-member-id]';
/**
 * A row change whose frame was produced and presented, or whose presentation Chromium has not
 * reported within 300 ms of the frame (then the frame's time stands for it; entries come a frame
 * or two after presentation).
 */
const SETTLED = '(r.shown !== null && (r.painted !== null || performance.now() - r.shown > 300))';

/**
 * Installed before any of the page's scripts: records every change of the table's rows (a
 * MutationObserver), the frame after it (requestAnimationFrame, then a posted message) and
 * when that frame reached the screen (Element Timing: the new first row and everything in it
 * get an `elementtiming` name, and Chromium reports when they were first presented); input
 * events with their own timestamps; long tasks.
 */
const INIT_SCRIPT = `(() => {
  if (window.__rosterBench !== undefined) return;
  const rows = [], inputs = [], longTasks = [];
  let previous = '';
  let seq = 0;
  const check = () => {
    const list = document.querySelectorAll('${ROW}');
    const first = list.length > 0 ? list[0].getAttribute('data-member-id') : null;
    const last = list.length > 0 ? list[list.length - 1].getAttribute('data-member-id') : null;
    const key = first + '|' + last + '|' + list.length;
    if (key === previous) return;
    previous = key;
    const entry = { t: performance.now(), first, last, count: list.length, shown: null, painted: null, name: null };
    rows.push(entry);
    if (list.length > 0) {
      entry.name = 'roster-bench-' + (++seq);
      for (const element of [list[0], ...list[0].querySelectorAll('*')]) {
        if (!element.hasAttribute('elementtiming')) element.setAttribute('elementtiming', entry.name);
      }
    }
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { entry.shown = performance.now(); };
      channel.port2.postMessage(null);
    });
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-member-id'] });
  for (const type of ['click', 'keydown']) {
    addEventListener(type, (event) => { if (event.isTrusted) inputs.push({ type, t: event.timeStamp }); }, true);
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const entry = rows.find((r) => r.name === e.identifier);
        const time = e.renderTime || e.loadTime;
        if (entry !== undefined && time > 0 && (entry.painted === null || time < entry.painted)) entry.painted = time;
      }
    }).observe({ type: 'element', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  Object.defineProperty(window, '__rosterBench', { value: { rows, inputs, longTasks } });
})();`;

interface RowChange {
  t: number; first: string | null; last: string | null; count: number;
  /** The frame after the change was produced (main thread). */
  shown: number | null;
  /** That frame reached the screen (Element Timing's renderTime); null when Chromium reported nothing. */
  painted: number | null;
  name: string | null;
}
interface InputEvent { type: string; t: number }
interface Resource {
  name: string; type: string; start: number; requestStart: number; responseStart: number; end: number; transfer: number; encoded: number;
}
interface PageState {
  rows: RowChange[];
  inputs: InputEvent[];
  longTasks: Array<{ start: number; duration: number }>;
  resources: Resource[];
  html: { responseStart: number; end: number; domContentLoaded: number };
  fcp: number | null;
  now: number;
}

const READ_STATE = `(() => {
  const b = window.__rosterBench;
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    rows: b.rows, inputs: b.inputs, longTasks: b.longTasks,
    resources: performance.getEntriesByType('resource').map((e) => ({
      name: e.name, type: e.initiatorType, start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart,
      end: e.responseEnd, transfer: e.transferSize, encoded: e.encodedBodySize,
    })),
    html: { responseStart: nav ? nav.responseStart : 0, end: nav ? nav.responseEnd : 0, domContentLoaded: nav ? nav.domContentLoadedEventEnd : 0 },
    fcp: fcp ? fcp.startTime : null,
    now: performance.now(),
  };
})()`;

async function readState(page: Page): Promise<PageState> {
  return await page.evaluate(READ_STATE) as PageState;
}

/** Nearest-rank percentiles of a sample. */
export function distribution(values: number[]): Distribution | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  return { n: sorted.length, median: rank(0.5), p95: rank(0.95), min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}

const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '?' : `${Math.round(value)}`);

/** What happened between navigation start and the first row, read from one page. */
interface NavigationSample {
  /** The figure: `painted`, or `frame` when Chromium reported no paint. */
  shown: number;
  /** The frame after the first row was attached was produced. */
  frame: number;
  /** That frame was presented (Element Timing). */
  painted: number | null;
  attached: number;
  fcp: number | null;
  htmlEnd: number;
  /** The last initial script (entry or modulepreload) received. */
  scriptsEnd: number;
  me: Resource | undefined;
  members: Resource | undefined;
  /** Route code fetched after the entry (the members page's chunk and what it imports). */
  routeChunks: Resource[];
  /** Every other API request before the first row, e.g. the roles for the filter. */
  otherApi: Resource[];
  longTaskMs: number;
  longTaskCount: number;
  firstRowId: string | null;
  /** Bytes the browser received for scripts and styles (0 when cached). */
  assetTransfer: number;
  cpu: CpuUse | undefined;
}

/** One filter application, times relative to the input event that caused it. */
interface FilterSample {
  /** The figure: `painted`, or `frame` when Chromium reported no paint. */
  shown: number;
  frame: number;
  painted: number | null;
  attached: number;
  /** The filtered page's request, from the input. */
  requestStart: number;
  requestEnd: number;
  /** Server time as the browser saw it: request sent → first byte. */
  serverMs: number;
  cpu: CpuUse | undefined;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function membersRequest(url: string, orgId: string): URLSearchParams | undefined {
  try {
    const parsed = new URL(url);
    return parsed.pathname === `/api/v1/orgs/${orgId}/members` ? parsed.searchParams : undefined;
  } catch {
    return undefined;
  }
}

/** Everything a measurement needs. */
interface Run {
  browser: Browser;
  origin: string;
  session: Session;
  server: ServerChild;
  engine: Engine;
  initialFiles: Set<string>;
  url: string;
  /** What is left of the block's budget for waiting for quiet (settle). */
  quietBudgetMs: number;
}

async function newContext(run: Run): Promise<BrowserContext> {
  const context = await run.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const [name, ...value] = (run.session.headers.cookie).split('=');
  await context.addCookies([{ name: name ?? 'roster_session', value: value.join('='), url: run.origin, httpOnly: true, sameSite: 'Lax' }]);
  await context.addInitScript({ content: INIT_SCRIPT });
  return context;
}

/**
 * Waits, up to QUIET_WAIT_MS and while the block's waiting budget lasts, for half a second in which
 * other processes used at most NOISE_LIMIT cores: on a machine shared with test suites and
 * other browsers, a sample taken in the middle of their burst measures them.
 */
async function settle(run: Run): Promise<void> {
  const started = performance.now();
  while (run.quietBudgetMs > 0 && performance.now() - started < QUIET_WAIT_MS) {
    const before = snapshotCpu();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cpu = cpuBetween(before, snapshotCpu(), { server: run.server.pid, client: process.pid, browser: true }, run.engine === 'postgres');
    if (cpu === undefined || cpu.foreign <= NOISE_LIMIT) break;
    run.quietBudgetMs -= 500;
  }
}

/** Takes `measure` again while other processes on the machine used more than NOISE_LIMIT cores meanwhile. */
async function quietly<T extends { cpu: CpuUse | undefined }>(
  run: Run, retakes: { count: number; budget: number }, measure: () => Promise<T>,
): Promise<T> {
  for (;;) {
    await settle(run);
    const before = snapshotCpu();
    const sample = await measure();
    sample.cpu = cpuBetween(before, snapshotCpu(), { server: run.server.pid, client: process.pid, browser: true }, run.engine === 'postgres');
    if (sample.cpu === undefined || sample.cpu.foreign <= NOISE_LIMIT || retakes.budget <= 0) return sample;
    retakes.count++;
    retakes.budget--;
  }
}

/**
 * Resolves once `condition` (a JavaScript expression) is true in the page, checked every 16 ms
 * by the page itself. Not page.waitForFunction: the console's Content-Security-Policy refuses
 * the eval that a string predicate needs, and function predicates do not survive tsx.
 */
async function waitInPage(page: Page, condition: string, timeoutMs = WAIT_MS): Promise<void> {
  await page.evaluate(`new Promise((resolve, reject) => {
    const deadline = performance.now() + ${timeoutMs};
    const check = () => {
      if (window.__rosterBench !== undefined && (${condition})) resolve(true);
      else if (performance.now() > deadline) reject(new Error('not within ${timeoutMs / 1000} s'));
      else setTimeout(check, 16);
    };
    check();
  })`);
}

async function waitForRows(page: Page, what: string): Promise<void> {
  try {
    await waitInPage(page, `window.__rosterBench.rows.some((r) => r.count > 0 && ${SETTLED})`);
  } catch (error) {
    const text = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConsoleProblem(`${what}: no \`${ROW}\` row at ${page.url()} (${reason}; page text: "${text}")`);
  }
}

/** The page could not be measured; said in the results, without failing the other cases. */
class ConsoleProblem extends Error {}

/** Navigates `page` to the members page and reads the timings of its first page. */
async function navigate(run: Run, page: Page, what: string): Promise<NavigationSample> {
  const membersAnswer = page.waitForResponse((response) => membersRequest(response.url(), run.session.orgId) !== undefined, { timeout: WAIT_MS })
    .catch(() => undefined);
  await page.goto(run.url, { waitUntil: 'commit', timeout: WAIT_MS });
  await waitForRows(page, what);
  const state = await readState(page);
  const change = state.rows.find((r) => r.count > 0 && r.shown !== null) as RowChange & { shown: number };
  const api = state.resources.filter((r) => pathOf(r.name).startsWith('/api/') && r.start <= change.t);
  const members = api.find((r) => membersRequest(r.name, run.session.orgId) !== undefined);
  const assets = state.resources.filter((r) => pathOf(r.name).startsWith('/assets/'));
  const answer = await membersAnswer;
  if (answer !== undefined && change.first !== null) {
    const body = await answer.json().catch(() => undefined) as { items?: Array<{ id: string }> } | undefined;
    const expected = body?.items?.[0]?.id;
    if (expected !== undefined && expected !== change.first) {
      throw new ConsoleProblem(`${what}: the first row shown (${change.first}) is not the API's first member (${expected})`);
    }
  }
  return {
    shown: change.painted ?? change.shown, frame: change.shown, painted: change.painted, attached: change.t, fcp: state.fcp,
    htmlEnd: state.html.end,
    scriptsEnd: Math.max(0, ...assets.filter((r) => run.initialFiles.has(pathOf(r.name)) && r.name.endsWith('.js')).map((r) => r.end)),
    me: api.find((r) => pathOf(r.name) === '/api/v1/me'),
    members,
    routeChunks: assets.filter((r) => !run.initialFiles.has(pathOf(r.name)) && r.start <= change.t),
    otherApi: api.filter((r) => r !== members && pathOf(r.name) !== '/api/v1/me'),
    longTaskMs: state.longTasks.filter((task) => task.start < change.t).reduce((n, task) => n + task.duration, 0),
    longTaskCount: state.longTasks.filter((task) => task.start < change.t).length,
    firstRowId: change.first,
    assetTransfer: assets.reduce((n, r) => n + r.transfer, 0),
    cpu: undefined,
  };
}

/**
 * Applies a filter with `act` and times it: from the last `inputType` event `act` caused to
 * the frame after the table showed the page of the answer `matches` picks (its first and
 * last members as the table's first and last rows).
 */
async function timeFilter(
  run: Run, page: Page, what: string, inputType: 'click' | 'keydown',
  matches: (params: URLSearchParams) => boolean, act: () => Promise<void>,
): Promise<FilterSample> {
  const before = await readState(page);
  const mark = before.now;
  const shownBefore = [...before.rows].reverse().find((r) => r.count > 0);
  const answer = page.waitForResponse((response: Response) => {
    const params = membersRequest(response.url(), run.session.orgId);
    return params !== undefined && params.get('cursor') === null && matches(params);
  }, { timeout: WAIT_MS }).catch(() => undefined);
  try {
    await act();
  } catch (error) {
    throw new ConsoleProblem(`${what}: ${error instanceof Error ? error.message.split('\n').slice(0, 4).join(' ') : String(error)}`);
  }
  const response = await answer;
  if (response === undefined) throw new ConsoleProblem(`${what}: no matching members request within ${WAIT_MS / 1000} s`);
  const body = await response.json() as { items: Array<{ id: string }> };
  // The answer's page is on screen when the table's first and last rows are its first and last members.
  const first = body.items[0]?.id;
  const last = body.items.at(-1)?.id;
  if (first === undefined || last === undefined) throw new ConsoleProblem(`${what}: the filtered page is empty; nothing to wait for`);
  if (shownBefore?.first === first && shownBefore.last === last) {
    throw new ConsoleProblem(`${what}: the filtered page starts and ends with the same members as the page before`);
  }
  const isAnswer = `(r) => r.t > ${mark} && r.first === ${JSON.stringify(first)} && r.last === ${JSON.stringify(last)}`;
  try {
    await waitInPage(page, `window.__rosterBench.rows.some((r) => (${isAnswer})(r) && ${SETTLED})`);
  } catch {
    throw new ConsoleProblem(`${what}: the table never showed the filtered page`);
  }
  const state = await readState(page);
  const change = state.rows.find((r) => r.t > mark && r.first === first && r.last === last) as RowChange & { shown: number };
  const input = [...state.inputs].reverse().find((event) => event.type === inputType && event.t > mark && event.t <= change.t);
  if (input === undefined) throw new ConsoleProblem(`${what}: no ${inputType} event recorded before the change`);
  const resource = [...state.resources].reverse().find((r) => r.name === response.url());
  return {
    shown: (change.painted ?? change.shown) - input.t,
    frame: change.shown - input.t,
    painted: change.painted === null ? null : change.painted - input.t,
    attached: change.t - input.t,
    requestStart: resource === undefined ? Number.NaN : resource.start - input.t,
    requestEnd: resource === undefined ? Number.NaN : resource.end - input.t,
    serverMs: resource === undefined ? Number.NaN : resource.responseStart - resource.requestStart,
    cpu: undefined,
  };
}

function averageCpu(samples: Array<{ cpu: CpuUse | undefined }>): ConsoleCpu | undefined {
  const cpus = samples.map((s) => s.cpu).filter((c): c is CpuUse => c !== undefined);
  if (cpus.length === 0) return undefined;
  const mean = (pick: (c: CpuUse) => number) => cpus.reduce((n, c) => n + pick(c), 0) / cpus.length;
  return {
    server: mean((c) => c.server.user + c.server.system), database: mean((c) => c.database), browser: mean((c) => c.browser),
    foreign: mean((c) => c.foreign),
  };
}

/** The sample whose `value` is the median. */
function medianSample<T>(samples: T[], value: (s: T) => number): T | undefined {
  const sorted = [...samples].sort((a, b) => value(a) - value(b));
  return sorted[Math.max(0, Math.ceil(0.5 * sorted.length) - 1)];
}

function describeNavigation(s: NavigationSample): string {
  const span = (r: Resource | undefined) => (r === undefined ? 'not seen' : `${ms(r.start)}→${ms(r.end)}`);
  const chunks = s.routeChunks.length === 0 ? 'none' : `${s.routeChunks.length} file(s) ${ms(Math.min(...s.routeChunks.map((r) => r.start)))}`
    + `→${ms(Math.max(...s.routeChunks.map((r) => r.end)))}`;
  const others = s.otherApi.length === 0 ? '' : `; other API: ${s.otherApi.map((r) => `${pathOf(r.name).replace(/\/orgs\/[^/]+/, '/orgs/…')} ${span(r)}`).join(', ')}`;
  const server = s.members === undefined ? '' : ` (server ${ms(s.members.responseStart - s.members.requestStart)})`;
  return `HTML ${ms(s.htmlEnd)}, initial scripts ${ms(s.scriptsEnd)}, route code ${chunks}, \`/me\` ${span(s.me)}, `
    + `members ${span(s.members)}${server}${others}; first row attached ${ms(s.attached)}, its frame ${ms(s.frame)}, `
    + `on screen ${s.painted === null ? '(not reported)' : ms(s.painted)}`
    + `${s.fcp === null ? '' : `; first contentful paint ${ms(s.fcp)}`}; long tasks before it ${ms(s.longTaskMs)} ms (${s.longTaskCount})`;
}

function describeFilter(s: FilterSample): string {
  return `request sent ${ms(s.requestStart)} ms after the input, answered at ${ms(s.requestEnd)} (server ${ms(s.serverMs)}); `
    + `rows attached ${ms(s.attached)}, their frame ${ms(s.frame)}, on screen ${s.painted === null ? '(not reported)' : ms(s.painted)}`;
}

/** How the console case runs. */
export interface ConsoleOptions {
  repeat: number;
  /** Write Chromium traces of 3 more cold navigations here and summarize the median one's main thread. */
  profileDir: string | undefined;
}

/** What the console case measured, with the raw samples for the JSON. */
export interface ConsoleRun {
  result: ConsoleResult;
  /** Files the members route loaded after the entry, from the first cold navigation. */
  lazy: AssetSize[] | undefined;
  samples: Record<string, unknown>;
}

/** `156.0.8078.79`, from `chromium --version`. */
export function chromiumVersion(): string {
  try {
    const out = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /(\d+\.\d+\.\d+\.\d+)/.exec(out)?.[1] ?? out.trim();
  } catch {
    return 'unknown version';
  }
}

/** Whether this machine can run the console case; the reason when not. */
export function consoleUnavailable(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is missing (Debian's chromium package; no browser is downloaded)`;
}

/** Measures the console against `server`, which serves `build` and the seeded organization of `session`. */
export async function measureConsole(
  server: ServerChild, session: Session, engine: Engine, build: ConsoleBuild, options: ConsoleOptions, log: (line: string) => void,
): Promise<ConsoleRun> {
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { result: { measures: [], notes: [], problem: `Chromium did not start: ${reason}` }, lazy: undefined, samples: {} };
  }
  const run: Run = {
    browser, origin: server.origin, session, server, engine, url: `${server.origin}/orgs/${session.orgId}/members`,
    initialFiles: new Set([build.bundle.entry, ...build.bundle.preloads, ...build.bundle.css].map((f) => `/${f.file}`)),
    quietBudgetMs: QUIET_BUDGET_MS,
  };
  const result: ConsoleResult = { measures: [], notes: [], problem: undefined };
  const samples: Record<string, unknown> = {};
  let lazy: AssetSize[] | undefined;
  const cold: NavigationSample[] = [];
  const warm: NavigationSample[] = [];
  const status: FilterSample[] = [];
  const search: FilterSample[] = [];
  const retakes = { cold: { count: 0, budget: options.repeat }, warm: { count: 0, budget: options.repeat },
    status: { count: 0, budget: options.repeat }, search: { count: 0, budget: options.repeat } };
  const problems: string[] = [];
  /** Runs one phase; a page that cannot be measured ends the phase, not the run. */
  const phase = async (work: () => Promise<void>): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (error) {
      if (!(error instanceof ConsoleProblem)) throw error;
      problems.push(error.message);
      return false;
    }
  };
  try {
    // Cold: a new context each time, so nothing is cached and no connection is open.
    const loads = await phase(async () => {
      for (let i = 0; i < options.repeat; i++) {
        cold.push(await quietly(run, retakes.cold, async () => {
          const context = await newContext(run);
          try {
            return await navigate(run, await context.newPage(), 'first page, cold');
          } finally {
            await context.close();
          }
        }));
      }
    });
    lazy = cold[0]?.routeChunks.map((r) => build.sizeOf(pathOf(r.name))).filter((s): s is AssetSize => s !== undefined);

    // Warm: one context that has loaded the console once; each sample a new page in it,
    // which then applies the status filter.
    const context = loads ? await newContext(run) : undefined;
    if (context !== undefined) {
      try {
        let filtering = true;
        await phase(async () => {
          const priming = await context.newPage();
          await navigate(run, priming, 'first page, priming the cache');
          await priming.close();
          for (let i = 0; i < options.repeat; i++) {
            let page: Page | undefined;
            warm.push(await quietly(run, retakes.warm, async () => {
              await page?.close();
              page = await context.newPage();
              return navigate(run, page, 'first page, warm');
            }));
            const loaded = page as Page;
            let tries = 0;
            if (filtering) {
              filtering = await phase(async () => {
                status.push(await quietly(run, retakes.status, async () => {
                  // A retake reloads first: choosing the same filter again would be answered from TanStack Query's cache.
                  if (tries++ > 0) {
                    await loaded.goto(run.url, { waitUntil: 'commit', timeout: WAIT_MS });
                    await waitForRows(loaded, 'status filter');
                  }
                  return timeFilter(run, loaded, 'status filter', 'click', (params) => params.get('status') === 'deactivated', async () => {
                    await loaded.getByRole('combobox', { name: 'Status', exact: true }).click();
                    await loaded.getByRole('option', { name: /^Deactivated/ }).click();
                  });
                }));
              });
            }
            await loaded.close();
          }
        });
        await phase(async () => {
          for (let i = 0; i < options.repeat; i++) {
            search.push(await quietly(run, retakes.search, async () => {
              const page = await context.newPage();
              try {
                await navigate(run, page, 'search');
                return await timeFilter(run, page, 'search', 'keydown', (params) => params.get('q') === SEARCH_FRAGMENT, async () => {
                  await page.getByLabel('Search members').click();
                  await page.keyboard.type(SEARCH_FRAGMENT, { delay: 40 });
                });
              } finally {
                await page.close();
              }
            }));
          }
        });
      } finally {
        await context.close();
      }
      if (options.profileDir !== undefined) {
        const dir = options.profileDir;
        await phase(async () => {
          result.notes.push(...await traceColdNavigations(run, dir, log));
        });
      }
    }
  } finally {
    await browser.close();
  }
  if (problems.length > 0) result.problem = problems.join('; ');

  const unreported = (label: string, list: Array<{ painted: number | null }>) => {
    const missing = list.filter((s) => s.painted === null).length;
    if (missing > 0) result.notes.push(`${label}: Chromium reported no paint in ${missing} of ${list.length} samples; their frame's time stands`);
  };
  const navigationRow = (name: string, label: string, list: NavigationSample[], retaken: number): ConsoleMeasure => {
    unreported(label, list);
    const median = medianSample(list, (s) => s.shown);
    return {
      name, label, ms: distribution(list.map((s) => s.shown)), targetMs: FIRST_PAGE_TARGET_MS,
      breakdown: median === undefined ? undefined : describeNavigation(median), cpu: averageCpu(list), retaken,
    };
  };
  const filterRow = (name: string, label: string, list: FilterSample[], retaken: number): ConsoleMeasure => {
    unreported(label, list);
    const median = medianSample(list, (s) => s.shown);
    return {
      name, label, ms: distribution(list.map((s) => s.shown)), targetMs: FILTER_TARGET_MS,
      breakdown: median === undefined ? undefined : describeFilter(median), cpu: averageCpu(list), retaken,
    };
  };
  if (cold.length > 0) result.measures.push(navigationRow('cold', 'first page, cold (new context, empty cache)', cold, retakes.cold.count));
  if (warm.length > 0) result.measures.push(navigationRow('warm', 'first page, warm (assets cached)', warm, retakes.warm.count));
  if (status.length > 0) result.measures.push(filterRow('status', 'status filter → Deactivated', status, retakes.status.count));
  if (search.length > 0) {
    result.measures.push(filterRow('search', `search "${SEARCH_FRAGMENT}", from the last keystroke`, search, retakes.search.count));
    const wait = distribution(search.map((s) => s.requestStart));
    if (wait !== undefined) {
      result.notes.push(`search: the request left ${ms(wait.median)} ms (median; ${ms(wait.min)}–${ms(wait.max)}) after the last `
        + 'keystroke — the debounce, included in the figure; keys typed 40 ms apart');
    }
  }
  const transfer = distribution(cold.map((s) => s.assetTransfer));
  if (run.quietBudgetMs < QUIET_BUDGET_MS) {
    result.notes.push(`waited ${((QUIET_BUDGET_MS - run.quietBudgetMs) / 1000).toFixed(0)} s in all for other processes to quiet down `
      + `between samples (at most ${QUIET_WAIT_MS / 1000} s per sample, ${QUIET_BUDGET_MS / 1000} s per block)`);
  }
  if (transfer !== undefined) {
    result.notes.push(`cold navigations received ${(transfer.median / 1000).toFixed(0)} kB of scripts and styles (uncompressed, as served); `
      + `warm ones ${(Math.max(0, ...warm.map((s) => s.assetTransfer)) / 1000).toFixed(0)} kB at most`);
  }
  samples.cold = cold;
  samples.warm = warm;
  samples.status = status;
  samples.search = search;
  return { result, lazy, samples };
}

const TRACE_CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink.user_timing',
  'toplevel', 'v8.execute', 'loading',
];

/** How many cold navigations are traced; the median one is summarized (a trace slows the page down, unevenly). */
const TRACED = 3;

/** More cold navigations under Chromium's tracing; the traces go to `dir`, the median one's summary to the notes. */
async function traceColdNavigations(run: Run, dir: string, log: (line: string) => void): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const traces: Array<{ file: string; shown: number; trace: Buffer }> = [];
  for (let i = 0; i < TRACED; i++) {
    const context = await newContext(run);
    try {
      const page = await context.newPage();
      // The timeline without the sampling profiler: its high-resolution stacks slow the page down several times over.
      await run.browser.startTracing(page, { screenshots: false, categories: TRACE_CATEGORIES });
      let sample: NavigationSample;
      try {
        sample = await navigate(run, page, 'traced cold navigation');
      } finally {
        const trace = await run.browser.stopTracing();
        traces.push({ file: join(dir, `console-cold-${run.engine}-${i + 1}.json`), shown: Number.NaN, trace });
      }
      (traces.at(-1) as { shown: number }).shown = sample.shown;
    } finally {
      await context.close();
    }
  }
  for (const { file, trace } of traces) writeFileSync(file, trace);
  const median = medianSample(traces, (t) => t.shown);
  if (median === undefined) return [];
  log(`   Chromium traces of ${TRACED} cold navigations in ${dir} (console-cold-*.json; open one in the DevTools Performance panel)`);
  const summary = summarizeTrace(JSON.parse(median.trace.toString('utf8')), run.url, median.shown);
  return summary === undefined ? [] : [`traced cold navigation (median of ${TRACED} traced, first row shown at ${ms(median.shown)} ms; `
    + `${median.file.split('/').pop()}): ${summary}`];
}
