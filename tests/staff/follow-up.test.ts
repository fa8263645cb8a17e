// 后续进展 and figures across years, on the bundled 2021 report plus a SECOND-YEAR
// FIXTURE written here for the tests: an invented "2022 report" that follows up
// some of 2021's commitments and not others. It lives only in a temp dir for the
// duration of the tests — it is not a real document and never goes in corpus/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { createApp } from '../../src/app/create-app.js';
import { commitmentsFor, type Commitment } from '../../src/staff/commitments.js';
import { figuresFor, sameMeasure } from '../../src/staff/figures.js';
import { followUp } from '../../src/staff/follow-up.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { registerStaffRoutes } from '../../src/app/routes/staff.js';
import { CORPUS_DIR, REPORT_ID, REPO_ROOT } from '../helpers/corpus-app.js';

const FIXTURE_ID = 'fixture-yangjiang-2022-report';

/** TEST FIXTURE — invented text, not published by anyone. */
const FIXTURE_2022 = `阳江市人民政府2022年法治政府建设年度报告
来源:测试夹具(为测试编写,并非真实文件) 时间:2023-01-20 10:00

  本文件是为自动化测试编写的虚构夹具,不是阳江市人民政府发布的真实报告。2022年,我市继续深入推进法治政府建设。现将有关情况报告如下:

  一、2022年法治政府建设情况

  (一)推动社会矛盾纠纷依法有效化解。

  1. 推广“六室合一”矛盾化解工作经验。在全市推广阳西县“六室合一”矛盾化解工作经验,各县(市、区)均建立了“六室合一”基层矛盾纠纷调解机制,积极推进律师参与信访工作。

  2. 深化行政复议体制改革。市政府办结行政复议申请120件,纠错率达25.5%。

  (二)加强执法规范化建设。

  1. 推进镇街综合行政执法改革。镇街综合行政执法改革全面完成,全市推广应用行政执法“两平台”,全市168家执法单位开通了行政执法“两平台”账户。截至2023年1月,已完成全部镇街执法队伍培训。力争2023年底前实现镇街综合行政执法规范化建设全覆盖。

  二、下一步工作措施

  2023年,我市将继续推进法治政府建设。重点做好以下几方面工作:

  (一)深化法治督察。我市已建成法治督察工作机制。继续深入开展法治建设督察,推动法治建设各项任务落地见效。
`;

let dir: string;
let service: QaService;
let app: Hono;
const q = (text: string) => encodeURIComponent(text);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-followup-'));
  const fixtures = join(dir, 'fixtures');
  mkdirSync(fixtures);
  writeFileSync(join(fixtures, `${FIXTURE_ID}.txt`), FIXTURE_2022);
  const kbPath = join(dir, 'kb.sqlite');
  await runIngest({ inputs: [CORPUS_DIR, fixtures], kbPath, root: REPO_ROOT });
  service = loadService(kbPath, DEFAULT_SETTINGS);
  const deps = { service: () => service, settings: DEFAULT_SETTINGS };
  app = createApp(deps);
  registerStaffRoutes(app, deps);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const commitment = (start: string): Commitment => {
  const c = commitmentsFor(service.kb).find((m) => m.docId === REPORT_ID && m.text.startsWith(start));
  if (!c) throw new Error(`no commitment starting ${start}`);
  return c;
};
const followUpOf = (c: Commitment) => followUp(service.kb, (text) => service.analyze(text), c, { minScore: DEFAULT_SETTINGS.FOLLOW_UP_MIN_SCORE, limit: 3 });

describe('后续进展: a 2021 commitment followed up in a later report (fixture)', () => {
  it('links a commitment to the later report passage that carries it out, with a score', () => {
    const f = followUpOf(commitment('加快推进镇街综合行政执法改革'));
    expect(f.laterDocuments).toBe(1);
    expect(f.candidates.length).toBeGreaterThan(0);
    const best = f.candidates[0];
    expect(best).toMatchObject({ docId: FIXTURE_ID, year: 2022, heading: ['一、2022年法治政府建设情况', '(二)加强执法规范化建设', '1. 推进镇街综合行政执法改革'] });
    expect(best.url).toBe(`/doc/${FIXTURE_ID}?hl=${best.paragraph}#p-${best.paragraph}`);
    expect(best.score).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.FOLLOW_UP_MIN_SCORE);
    expect(best.score).toBeLessThanOrEqual(1);

    const sixRooms = followUpOf(commitment('更好地坚持和发展新时代“枫桥经验”'));
    expect(sixRooms.candidates[0]?.text).toContain('“六室合一”');
  });

  it('says "no later report mentions this yet" when the later report is about other things', () => {
    const f = followUpOf(commitment('全面推进“八五”普法'));
    expect(f).toMatchObject({ laterDocuments: 1, candidates: [] });
    // The fixture's own plans are for 2023: no report of 2023 or later exists.
    const own = commitmentsFor(service.kb).filter((c) => c.docId === FIXTURE_ID);
    for (const c of own) expect(followUpOf(c)).toMatchObject({ laterDocuments: 0, candidates: [] });
  });

  it('recognises the later report’s own commitments, and not its achievements', () => {
    const own = commitmentsFor(service.kb).filter((c) => c.docId === FIXTURE_ID);
    // Only plan sections hold commitments: 力争2023年底前… in the review of 2022 is not listed.
    expect(own.map((c) => [c.kind, c.targetYear, c.text])).toEqual([
      ['plan', 2023, '2023年,我市将继续推进法治政府建设。'],
      ['plan', 2023, '继续深入开展法治建设督察,推动法治建设各项任务落地见效。'],
    ]);
    // 截至2023年1月,已完成… names a later year but is done; 我市已建成… stands in a plan section but is done.
    expect(own.some((c) => c.text.includes('已完成') || c.text.includes('已建成'))).toBe(false);
  });

  it('shows the follow-up on /commitments and in /api/commitments', async () => {
    const html = await (await app.request(`/commitments?q=${q('两平台')}&year=2022`)).text();
    expect(html).toContain('<h4 id="fu-');
    expect(html).toMatch(new RegExp(`<a href="/doc/${FIXTURE_ID}\\?hl=\\d+#p-\\d+">阳江市人民政府2022年法治政府建设年度报告</a> <span class="score">相似度 0\\.\\d\\d</span>`));
    const none = await (await app.request(`/commitments?q=${q('八五普法')}`)).text();
    expect(none).toContain('以后的报告尚未提及这项承诺。');
    const json = (await (await app.request(`/api/commitments?q=${q('两平台')}&year=2022`)).json()) as {
      commitments: { followUp: { laterDocuments: number; candidates: { docId: string; score: number }[] } }[];
    };
    expect(json.commitments[0].followUp.candidates[0].docId).toBe(FIXTURE_ID);
  });
});

describe('the same measure in several years’ reports, side by side (fixture)', () => {
  it('groups figures of the same measure across years', () => {
    const figures = figuresFor(service.kb);
    const cases = figures.find((f) => f.docId === REPORT_ID && f.expr === '108件')!;
    expect(sameMeasure(figures, cases).map((f) => [f.year, f.expr])).toEqual([
      [2021, '108件'],
      [2022, '120件'],
    ]);
    const rate = figures.find((f) => f.docId === REPORT_ID && f.expr === '29.6%')!;
    expect(sameMeasure(figures, rate).map((f) => f.expr)).toEqual(['29.6%', '25.5%']);
  });

  it('shows them side by side on /figures and in /api/figures', async () => {
    const html = await (await app.request(`/figures?q=${q('行政复议')}`)).text();
    expect(html).toContain('<th scope="col">2021</th><th scope="col">2022</th>');
    expect(html).toMatch(/<th scope="row">市政府办结行政复议申请<\/th><td><a href="[^"]+">108件<\/a><\/td><td><a href="[^"]+">120件<\/a><\/td>/);
    const body = (await (await app.request(`/api/figures?q=${q('纠错率')}`)).json()) as {
      series: { subject: string; figures: { year: number; expr: string }[] }[];
      figures: { expr: string }[];
    };
    expect(body.series.find((s) => s.subject === '纠错率')?.figures.map((f) => [f.year, f.expr])).toEqual([
      [2021, '29.6%'],
      [2022, '25.5%'],
    ]);
    const record = (await (await app.request(`/api/figures?id=${q(`${REPORT_ID}:31/1`)}`)).json()) as { figure: { sameMeasure: { expr: string }[] } };
    expect(record.figure.sameMeasure.map((f) => f.expr)).toEqual(['108件', '120件']);
  });
});
