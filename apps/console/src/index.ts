export { buildConsole, consoleDistDir, consoleSourceHash, consoleWebDir, ensureConsoleBuilt, isConsoleStale } from './build';
