/**
 * Where a page's main thread spent its time, from a Chromium trace (`browser.startTracing`):
 * self time of the renderer main thread's events between navigation start and a moment given
 * in ms, grouped into script, compile, style, layout, paint, GC, HTML parsing and the rest;
 * what is left of the window is the thread idle — waiting for the network or the server.
 */

interface TraceEvent {
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  ph: string;
  name: string;
  cat?: string;
  args?: { name?: string; data?: { documentLoaderURL?: string; url?: string; cpuProfile?: unknown } };
}

/** Self time in ms, by group, inside the window; and the window's length. */
export interface MainThreadTime {
  windowMs: number;
  busyMs: number;
  groups: Record<string, number>;
  topEvents: Array<{ name: string; ms: number }>;
  /** Tasks of 50 ms or more: start and length, in ms from navigation start. */
  longTasks: Array<{ start: number; ms: number }>;
}

const GROUPS: Array<[string, RegExp]> = [
  ['GC', /GC|Garbage|gc\b/],
  ['compile', /[Cc]ompile|v8\.parse|ParseScript|CacheScript|produceCache|deserialize/],
  ['HTML parse', /^ParseHTML$/],
  ['style', /^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|ScheduleStyleRecalculation)$/],
  ['layout', /^(Layout|UpdateLayout|IntersectionObserverController::computeIntersections)$/],
  ['paint', /Paint|Layerize|UpdateLayer|CompositeLayers|^Commit$|Decode|Raster|LocalFrameView::RunPostLifecycleSteps/],
  ['script', /^(EvaluateScript|v8\.evaluateModule|FunctionCall|v8\.run|V8\.Execute|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|v8\.callFunction|FireIdleCallback|XHRReadyStateChange|ResourceFetcher::requestResource|MessagePort::Receive|v8\.callModuleMethod.*|PerformanceObserver.*|MutationObserver.*)$/],
];

function groupOf(name: string): string {
  for (const [group, pattern] of GROUPS) if (pattern.test(name)) return group;
  return 'other';
}

/** The renderer main thread that loaded `url`, and the trace time (µs) its navigation started. */
function findNavigation(events: TraceEvent[], url: string): { pid: number; tid: number; start: number } | undefined {
  const mainThreads = new Map<string, boolean>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mainThreads.set(`${e.pid}:${e.tid}`, true);
  }
  const starts = events.filter((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.startsWith(url) === true
    && mainThreads.has(`${e.pid}:${e.tid}`));
  const start = starts.at(-1);
  return start === undefined ? undefined : { pid: start.pid, tid: start.tid, start: start.ts };
}

/** Self time on the main thread between navigation start and `untilMs`; undefined when the trace does not show the navigation. */
export function mainThreadTime(trace: unknown, url: string, untilMs: number): MainThreadTime | undefined {
  const events = (Array.isArray(trace) ? trace : (trace as { traceEvents?: TraceEvent[] }).traceEvents ?? []) as TraceEvent[];
  const navigation = findNavigation(events, url);
  if (navigation === undefined) return undefined;
  const from = navigation.start;
  const to = from + untilMs * 1000;
  // Complete events, and begin/end pairs turned into complete ones, clipped to the window.
  const spans: Array<{ name: string; start: number; end: number }> = [];
  const open: TraceEvent[] = [];
  for (const e of events) {
    if (e.pid !== navigation.pid || e.tid !== navigation.tid) continue;
    let start: number;
    let end: number;
    if (e.ph === 'X' && e.dur !== undefined) {
      start = e.ts;
      end = e.ts + e.dur;
    } else if (e.ph === 'B') {
      open.push(e);
      continue;
    } else if (e.ph === 'E') {
      const begin = open.pop();
      if (begin === undefined) continue;
      start = begin.ts;
      end = e.ts;
      e.name = begin.name;
    } else {
      continue;
    }
    const clippedStart = Math.max(start, from);
    const clippedEnd = Math.min(end, to);
    if (clippedEnd > clippedStart) spans.push({ name: e.name, start: clippedStart, end: clippedEnd });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const self = new Map<string, number>();
  const stack: Array<{ name: string; end: number; self: number }> = [];
  let busy = 0;
  const pop = () => {
    const top = stack.pop();
    if (top !== undefined) self.set(top.name, (self.get(top.name) ?? 0) + top.self);
  };
  for (const span of spans) {
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= span.start) pop();
    const parent = stack.at(-1);
    const end = Math.min(span.end, parent?.end ?? span.end);
    if (parent === undefined) busy += end - span.start;
    else parent.self -= end - span.start;
    stack.push({ name: span.name, end, self: end - span.start });
  }
  while (stack.length > 0) pop();
  const groups: Record<string, number> = {};
  for (const [name, micros] of self) groups[groupOf(name)] = (groups[groupOf(name)] ?? 0) + micros / 1000;
  const topEvents = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, micros]) => ({ name, ms: micros / 1000 }));
  const longTasks = events
    .filter((e) => e.pid === navigation.pid && e.tid === navigation.tid && e.ph === 'X' && e.name === 'RunTask'
      && (e.dur ?? 0) >= 50_000 && e.ts >= from && e.ts < to)
    .map((e) => ({ start: (e.ts - from) / 1000, ms: (e.dur ?? 0) / 1000 }));
  return { windowMs: untilMs, busyMs: busy / 1000, groups, topEvents, longTasks };
}

/** One line: busy vs idle, and the busy time by group. */
export function summarizeTrace(trace: unknown, url: string, untilMs: number): string | undefined {
  const time = mainThreadTime(trace, url, untilMs);
  if (time === undefined) return undefined;
  const order = ['script', 'compile', 'style', 'layout', 'paint', 'GC', 'HTML parse', 'other'];
  const parts = order.filter((group) => (time.groups[group] ?? 0) >= 0.5).map((group) => `${group} ${Math.round(time.groups[group] ?? 0)}`);
  return `renderer main thread busy ${Math.round(time.busyMs)} ms of the ${Math.round(time.windowMs)} ms (${parts.join(', ')}), `
    + `idle ${Math.round(time.windowMs - time.busyMs)} ms (waiting for the network, the server or the browser process); `
    + `tasks ≥ 50 ms (start+length): ${time.longTasks.map((t) => `${Math.round(t.start)}+${Math.round(t.ms)}`).join(', ') || 'none'}; `
    + `top events by self time: ${time.topEvents.slice(0, 6).map((e) => `${e.name} ${Math.round(e.ms)}`).join(', ')}`;
}
