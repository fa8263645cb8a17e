// A Worker entry for `npm run bench:worker` only: answers POSTed questions N times
// in one request, so the time per question inside workerd can be measured
// without the HTTP path (timers inside a Worker do not advance while it computes).
import { loadWorkerService } from '../src/adapters/workers/load.js';
import { DEFAULT_SETTINGS } from '../src/settings.js';
import kbBundle from '../dist/worker/kb.bin';
import jiebaWasm from '../dist/worker/jieba_rs_wasm_bg.wasm';

let service: ReturnType<typeof loadWorkerService> | undefined;

export default {
  async fetch(request: Request): Promise<Response> {
    service ??= loadWorkerService(kbBundle, jiebaWasm, DEFAULT_SETTINGS);
    const { questions, rounds } = (await request.json()) as { questions: string[]; rounds: number };
    let citations = 0;
    for (let r = 0; r < rounds; r++) for (const q of questions) citations += service.ask(q).citations.length;
    return Response.json({ citations });
  },
};
