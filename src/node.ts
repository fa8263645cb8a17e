// Node entry: the environment parsed into the settings table, then the Node
// server (adapters/node/server.ts: build on first run, load, serve, reload,
// shut down). Only wiring lives here.
import { startNodeServer } from './adapters/node/server.js';
import { parseSettings } from './settings.js';

await startNodeServer(parseSettings(process.env));
