// Node entry: the environment parsed into the settings table, then the Node
// server (adapters/node/server.ts: build on first run, load, serve, reload,
// shut down). Only wiring lives here.
import { startNodeServer } from './adapters/node/server.js';
import { PolicyQaError } from './errors.js';
import { parseSettings } from './settings.js';

// A setting that does not parse stops the server with its one-line reason, not a stack trace.
let settings;
try {
  settings = parseSettings(process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
// Nor does a start-up that fails for a reason it can name (a question log it cannot write, say).
try {
  await startNodeServer(settings);
} catch (err) {
  if (!(err instanceof PolicyQaError)) throw err;
  console.error(err.message);
  process.exit(1);
}
