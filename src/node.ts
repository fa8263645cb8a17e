// Node entry: the environment parsed into the settings table, then the Node
// server (adapters/node/server.ts: build on first run, load, serve, reload,
// shut down). Only wiring lives here.
import { startNodeServer } from './adapters/node/server.js';
import { parseSettings } from './settings.js';

// A setting that does not parse stops the server with its one-line reason, not a stack trace.
let settings;
try {
  settings = parseSettings(process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
await startNodeServer(settings);
