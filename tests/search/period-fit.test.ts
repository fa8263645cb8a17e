// Asked about one year, answered from that year (issue #17, item 3): a 2026 work report reviews both 2025
// (一年来) and the 十四五 period (2021–2025). Asked for a rate (增长多少) in 2025 or 去年, the section about 2025
// alone is the one to quote — a five-year section's rates are cumulative or yearly averages — on 上海's real
// report, whose 十四五 review matches the question's words more closely than its 2025 review does. (A level may
// stand at a span's end: frame.test.ts answers 广东's 2025 地区生产总值 from its 十四五 review.)
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';

const PROVINCIAL = join(import.meta.dirname, '../../../shared/reports/provincial-2026');
const REPORT = '上海市-2026-政府工作报告.txt';

describe('the asked year over a span that contains it', () => {
  let dir: string;
  let service: QaService;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-period-fit-'));
    mkdirSync(join(dir, 'reports'));
    cpSync(join(PROVINCIAL, REPORT), join(dir, 'reports', REPORT));
    const kbPath = join(dir, 'kb.sqlite');
    await runIngest({ inputs: [join(dir, 'reports')], kbPath, root: dir });
    service = loadService(kbPath, { ...DEFAULT_SETTINGS, CURRENT_YEAR: 2026 });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers 去年 and 2025年 from the 2025 review, not the 十四五 review', () => {
    for (const q of ['上海市去年地区生产总值增长多少', '上海2025年地区生产总值增长了多少？']) {
      const r = service.ask(q);
      expect(r.answer, q).not.toBeNull();
      expect(r.citations[0].period, q).toEqual({ from: 2025, to: 2025, stance: 'reviewed' });
      expect(r.answer).toMatch(/5\.4%/);
    }
  });

  it('still answers from the span when the question asks about the span', () => {
    const r = service.ask('十四五时期上海取得了哪些成就？');
    expect(r.citations[0].period?.from).toBe(2021);
    expect(r.citations[0].period?.to).toBe(2025);
  });
});
