import { readFileSync } from 'node:fs';

/**
 * Summarizes a V8 .cpuprofile (from `npm run bench -- --profile`): where the server child's
 * CPU went, by package and by function, self and inclusive.
 *
 *   npx tsx bench/profile-summary.ts bench/results/profiles/<run>/<file>.cpuprofile [--top=25] [--match=text]
 *
 * `--match` adds the inclusive time of every function whose name or file contains the text.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Where a frame's code lives: a package name, a workspace package, node itself, or V8. */
function ownerOf(url: string): string {
  if (url === '') return '(v8/native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0] ?? url;
  }
  const workspace = url.match(/\/(packages|apps)\/([^/]+)\//);
  if (workspace !== null) return `@roster/${workspace[2]}`;
  if (url.startsWith('node:')) return 'node (core)';
  return url;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url === '' ? '' : ` ${url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/').replace(/^file:\/\//, '')}:${lineNumber + 1}`;
  return `${functionName === '' ? '(anonymous)' : functionName}${file}`;
}

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith('--'));
  if (file === undefined) throw new Error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--top=25] [--match=text]');
  const top = Number(args.find((arg) => arg.startsWith('--top='))?.slice(6) ?? 25);
  const match = args.find((arg) => arg.startsWith('--match='))?.slice(8);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const sampleCount = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const msPerSample = sampleCount === 0 ? 0 : totalMs / sampleCount;

  const selfByFrame = new Map<string, number>();
  const selfByOwner = new Map<string, number>();
  const inclusiveByFrame = new Map<string, number>();
  let idleMs = 0;
  // Inclusive time: each sample counts once for every distinct frame on its stack.
  const visit = (node: ProfileNode, stack: Set<string>) => {
    const name = frameName(node);
    const selfMs = (node.hitCount ?? 0) * msPerSample;
    const idle = node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)';
    if (idle) idleMs += selfMs;
    selfByFrame.set(name, (selfByFrame.get(name) ?? 0) + selfMs);
    const owner = ownerOf(node.callFrame.url);
    if (!idle) selfByOwner.set(owner, (selfByOwner.get(owner) ?? 0) + selfMs);
    const added = !stack.has(name);
    if (added) stack.add(name);
    for (const seen of stack) inclusiveByFrame.set(seen, (inclusiveByFrame.get(seen) ?? 0) + selfMs);
    for (const child of node.children ?? []) {
      const next = byId.get(child);
      if (next !== undefined) visit(next, stack);
    }
    if (added) stack.delete(name);
  };
  const root = profile.nodes[0];
  if (root !== undefined) visit(root, new Set());

  const busyMs = totalMs - idleMs;
  const pct = (ms: number) => `${((ms / busyMs) * 100).toFixed(1).padStart(5)} %`;
  const print = (title: string, map: Map<string, number>, filter: (name: string) => boolean = () => true) => {
    process.stdout.write(`\n${title}\n`);
    for (const [name, ms] of [...map].filter(([name]) => filter(name)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${pct(ms)}  ${ms.toFixed(0).padStart(7)} ms  ${name}\n`);
    }
  };
  process.stdout.write(`${file}\n${(totalMs / 1000).toFixed(1)} s profiled, ${(busyMs / 1000).toFixed(1)} s busy `
    + `(percentages are of busy time; idle and "(program)" excluded)\n`);
  print('Self time by package', selfByOwner);
  print('Self time by function', selfByFrame, (name) => !name.startsWith('(idle)') && !name.startsWith('(program)'));
  print('Inclusive time by function', inclusiveByFrame,
    (name) => !name.startsWith('(root)') && !name.startsWith('(idle)') && !name.startsWith('(program)'));
  if (match !== undefined) {
    print(`Inclusive time of frames matching "${match}"`, inclusiveByFrame, (name) => name.toLowerCase().includes(match.toLowerCase()));
  }
}

main();
