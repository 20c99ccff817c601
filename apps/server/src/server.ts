import { ConfigError } from './config';
import { runServer } from './run';

// `npm start`: the same function `roster serve` runs.
runServer().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
