// Commitments (承诺与部署): what the reports say will be done. Taken only from
// the sections the document's frame (src/ingest/frame.ts) marks as planned — a
// 2026 government work report's 2026年工作安排 and its “十五五” targets, an annual
// report's 下一步工作措施 — one per actionable statement: a sentence, or for a
// long enumeration a run of its clauses, that names an action (推进, 实施, 建设,
// 加快 …) and what it acts on. Fragments are not commitments: headings repeated as
// a passage's first sentence, list lead-ins (重点做好以下几方面工作：), words
// without a verb, rhetoric (各位代表！), descriptions (2026年是“十五五”开局之年),
// footnotes, and work already done (已…, …了). Each carries its region and the
// planned years of its section (2026; 2026–2030), never "the year after the
// report" by default. Extracted once per loaded knowledge base from its stored
// passages, so ids and links match the index exactly.
import type { KnowledgeBase } from '../search/knowledge-base.js';
import { passageUrl } from '../model/document.js';
import type { Period } from '../model/document.js';
import { compactForm } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import { reportPassages } from './report-passages.js';
import { isPlanSection } from '../search/sections.js';
import type { DocumentSummary, StoredPassage } from '../model/store.js';
import { sectionAt } from '../search/frame.js';
import { withArabicYears } from '../text/periods.js';

export interface Commitment {
  /** `{passage id}/{n}`: the n-th sentence (1-based) of the passage; `{passage id}/{n}.{k}` for the k-th clause run of a long one. */
  id: string;
  docId: string;
  docTitle: string;
  /** The year the report is dated (a 2026 government work report: 2026). */
  year: number | null;
  /** The region its report speaks for (广东省, 阳江市), from the document's frame. */
  region: string | null;
  /** The years its plan section is for: 2026–2026 for 2026年工作安排, 2026–2030 for “十五五” targets. */
  period: { from: number; to: number } | null;
  /** The year it is due: a year the statement names within or after its period (力争2027年底前), else the period's last year. */
  targetYear: number | null;
  /** Whether that year is written in the statement, its section's heading or opening words (not only implied by the frame). */
  targetYearStated: boolean;
  /** Always `plan`: commitments come from plan sections only (earlier versions also listed `pledge`s elsewhere). */
  kind: 'plan';
  heading: string[];
  paragraph: number;
  passageId: string;
  url: string;
  text: string;
}

/**
 * Words that commit to action. 要 only as a verb (not 重要, 主要, 需要, 要求, 纲要 …);
 * 将 also marks objects (将X列入), which is why a pledge needs a later year as well.
 */
const COMMIT_VERB = /将|(?<![重主需纲摘只必简提概])要(?![求点素件闻])|继续|力争|争取|推动|推进|确保|计划|着力|加快|持续|努力|预计|拟/;

/**
 * Marks of what is already done: 已 / 已经 (not 已有, what exists), a verb with 了
 * (not 为了, 除了, 了解), 完成了 / 实现了 / 取得了 ….
 */
const PAST = /已经|已(?!有)|(?<![为除罢不])了(?![解])/;
/** The marks of PAST that no plan statement carries, whatever it opens with. */
const PAST_DONE = /已经|(?<![为除罢不])了(?![解])/;

/**
 * Verbs of action a commitment names (推进, 实施, 加快 …): one followed by what it
 * acts on, anywhere in the statement, makes it actionable.
 */
const STRONG_VERBS = [
  '推进', '推动', '推行', '推广', '实施', '实行', '建成', '建立', '建好', '建强', '构建', '新建', '组建', '创建', '加快', '加大', '加力', '加强',
  '完成', '开展', '落实', '出台', '制定', '修订', '强化', '深化', '健全', '完善', '提升', '提高', '促进', '优化', '打造', '培育', '支持',
  '扩大', '增加', '新增', '改造', '抓好', '做好', '办好', '用好', '办优', '做强', '做优', '做大', '巩固', '统筹', '确保', '力争', '争取',
  '引进', '启动', '开工', '投用', '投运', '探索', '防范', '化解', '整治', '守住', '守牢', '兜牢', '筑牢', '织牢', '夯实', '拓展', '激发', '释放',
  '培养', '引导', '鼓励', '规范', '严控', '谋划', '召开', '举办', '壮大', '提质', '降低', '减少', '压减', '清理', '攻关', '修复',
  '发放', '开设', '执行', '开发', '稳住', '聚焦', '对接', '融入', '弘扬', '严明', '履职', '用活', '盘活', '畅通', '打通', '缩短',
  '发挥', '抓实', '落细', '提振', '狠抓', '严惩', '打击', '整改', '编制', '救助', '帮扶', '补齐', '织密', '解决', '缓解', '减轻',
  '招引', '引育', '重构', '重塑', '贯彻', '发布', '承接', '招商', '争创', '打好', '打赢', '守好', '营造', '树立', '激励', '稳外贸', '稳就业', '稳投资',
];
/**
 * Words that are actions at the start of a clause (发展低空经济, 建设宜居城市, 坚持…)
 * but mostly nouns or descriptions elsewhere (民生发展需要, 法治政府建设取得进展).
 */
const WEAK_VERBS = [
  '建设', '发展', '实现', '保障', '治理', '部署', '应用', '整合', '设立', '布局', '突破', '保护', '改善', '增强', '维护', '坚持', '提供', '投入',
  '稳定', '保持', '服务', '参与', '升级', '更新', '覆盖', '达到', '控制', '增长', '下降', '丰富', '创新', '赋能', '监管', '监督', '防控', '集聚',
  '吸引', '延伸', '突出', '设置', '繁荣', '接受', '严格', '审议', '树牢', '深耕', '共建', '共享', '守护',
];
const ACTION_VERBS = [...STRONG_VERBS, ...WEAK_VERBS];
/** What a verb must be followed by: what it acts on (two characters at least). */
const OBJECT = '[\\p{Script=Han}“"A-Za-z0-9（(%％.．]{2}';
const ACTION = new RegExp(`(?:${STRONG_VERBS.join('|')})${OBJECT}`, 'u');

/** Adverbs that may come before the verb at the start of a clause (大力推进, 持续深化, 进一步完善). */
const ADVERBS = '(?:始终|自觉|因地制宜|着力|持续|加快|大力|积极|全力|全面|深入|扎实|稳步|有序|更好|更大力度|进一步|不断|坚定不移|坚决|切实|统筹|协同|一体|加速|继续|努力|重点|主动|分类|高质量|高水平|高标准|认真|及时|有效|依法|科学|精准|力争|争取|确保|要|将)';
const ACTION_START = new RegExp(`^${ADVERBS}{0,3}(?:${ACTION_VERBS.join('|')})`, 'u');
/** A clause that opens with an action and what it acts on; a short subject with 要/将 may come first (我们要…, 政府将…). */
const CLAUSE_ACTION = new RegExp(`^(?:[^，,；;：:]{0,12}?(?:要|将|必须|需要))?${ADVERBS}{0,3}(?:${ACTION_VERBS.join('|')})${OBJECT}`, 'u');

/** A lead-in to a list (重点做好以下几方面工作：; 今年要重点做好以下工作。): the items follow, it commits to nothing itself. */
const LEAD_IN = /(?:以下|如下)(?:[^。；;]{0,10}(?:工作|方面|任务|措施|几点|重点|内容|举措|事项))?[：:。]$|[：:]$/;

/** Rhetoric and descriptions, not actions: 各位代表！ 让我们… 我们深知… 这样的目标，是… */
const RHETORIC = /^(?:各位代表|同志们|让我们|我们深知|我们要看到|我们更要看到|我们也要看到|这样的目标|这些目标|实现这些目标|展望未来|回首|回顾)/;
/** A description of the time (2026年是“十五五”开局之年; “十五五”时期是…关键时期; 广东处在…关键节点). */
const DESCRIPTION = /^[^，,；;：:。]{1,40}(?:是|处在|处于|正处于)[^，,；;：:。]{0,40}(?:时期|之年|一年|阶段|节点|关键期|窗口期|机遇期)(?:[，,；;。]|$)/;

/** Footnotes and glossaries after a plan (注释, 名词解释, ［5］ESI：…) and portal chrome (分享到微信, 相关附件>>). */
const NOTE_HEADING = /^(?:[一二三四五六七八九十]+、)?(?:注释|注解|名词解释|词语解释|相关附件|相关链接|相关文档)/;
const NOTE_SENTENCE = /^(?:［\d+］|\[\d+\]|【\d+】)|分享到|相关附件|相关链接|相关文档/;

/** Ordinals before a statement (（一）, 1., 一是, 二要, ——): left in the text, skipped when reading its verb. */
const ORDINAL = /^(?:[（(][一二三四五六七八九十\d]+[)）]\s*|\d+\s*[.．、]\s*|[一二三四五六七八九十]+(?:[、是要]|是要)\s*|第[一二三四五六七八九十]+[，,、]?\s*|——\s*)/;

/** A sentence longer than this with several actions is split into runs of clauses (one commitment each). */
const LONG_SENTENCE = 150;
/** A run of clauses ends before a clause that starts a new action once it is this long … */
const MIN_RUN = 50;
/** … and a last run shorter than this stays with the one before it. */
const MIN_LAST_RUN = 25;
/** Shorter statements (in characters, without spaces and punctuation) are fragments. */
const MIN_CHARS = 8;

/** 《titles》 and year ranges (2021—2025年) name periods, not the year a commitment is for. */
function withoutTitlesAndRanges(text: string): string {
  return text
    .replace(/《[^》]*》/g, ' ')
    .replace(/(?:19|20)\d{2}\s*[—–\-－~～至到]\s*(?:19|20)\d{2}年?/g, ' ');
}

/** Years (2022年, 2022年底 …) a text commits to, outside titles and ranges. */
export function yearsIn(text: string): number[] {
  return [...withoutTitlesAndRanges(withArabicYears(text)).matchAll(/(?:19|20)\d{2}(?=年)/g)].map((m) => Number(m[0]));
}

/** The first year after `year` that the text names, or null. */
function laterYear(text: string, year: number | null): number | null {
  if (year === null) return null;
  return yearsIn(text).find((y) => y > year) ?? null;
}

export function isPastTense(sentence: string): boolean {
  return PAST.test(withoutTitlesAndRanges(sentence));
}

/** Whether a sentence commits to action for a year after the report's (力争2022年底前完成…). */
export function isPledge(sentence: string, year: number | null): boolean {
  return laterYear(sentence, year) !== null && COMMIT_VERB.test(withoutTitlesAndRanges(sentence)) && !isPastTense(sentence);
}

/** Characters that count towards a statement's length: letters and digits, not spaces or punctuation. */
function contentLength(text: string): number {
  return [...compactForm(text).replace(/[^\p{L}\p{N}]/gu, '')].length;
}

/**
 * Whether a statement (a sentence or a clause run of a plan section) is an
 * actionable commitment rather than a fragment: long enough, not a lead-in,
 * rhetoric, a description of the times, a footnote or work already done, and
 * naming an action with what it acts on.
 */
export function isActionable(statement: string): boolean {
  const text = statement.trim();
  if (contentLength(text) < MIN_CHARS) return false;
  if (LEAD_IN.test(text) || NOTE_SENTENCE.test(text) || /[！!]$/.test(text)) return false;
  const body = text.replace(ORDINAL, '');
  if (RHETORIC.test(body) || DESCRIPTION.test(body)) return false;
  // Done already: …了, 已经…; 已… unless the statement opens with its action (改造提升超5000个已建成自然村的…).
  if (PAST_DONE.test(withoutTitlesAndRanges(body)) || (/已(?!有)/.test(body) && !ACTION_START.test(body))) return false;
  const plain = withoutTitlesAndRanges(body);
  return ACTION.test(plain) || plain.split(/[，,；;：:]/).some((clause) => CLAUSE_ACTION.test(clause.trim()));
}

/** A passage's own lead heading repeated as its first sentence ("(一)坚持党的领导,…推进法治政府建设。"); an item's first clause ending in ； is not a heading. */
function isLeadHeading(sentence: string, heading: string[]): boolean {
  const last = heading[heading.length - 1];
  if (last === undefined || /[；;]$/.test(sentence)) return false;
  return compactForm(sentence.replace(/[。.：:]$/, '')) === compactForm(last);
}

/**
 * A sentence, or for a long enumeration (推进A，深化B，开工建设C，建成D …) runs of
 * its clauses, each starting where a new action starts once the run is long enough.
 */
export function statementsOf(sentence: string): string[] {
  if ([...sentence].length <= LONG_SENTENCE) return [sentence];
  const clauses = sentence.match(/[^，,：:]+(?:[，,：:]|$)/g) ?? [sentence];
  const runs: string[] = [];
  let current = '';
  for (const clause of clauses) {
    const starts = ACTION_START.test(clause.trim().replace(ORDINAL, ''));
    if (current && [...current].length >= MIN_RUN && starts) {
      runs.push(current);
      current = '';
    }
    current += clause;
  }
  if (current) {
    if (runs.length > 0 && [...current].length < MIN_LAST_RUN) runs[runs.length - 1] += current;
    else runs.push(current);
  }
  return runs.map((r) => r.trim()).filter(Boolean);
}

/** The planned period of the section a passage stands in, or null when it does not plan. */
function planOf(doc: DocumentSummary, p: StoredPassage): { period: Period; named: boolean } | null {
  const section = sectionAt(doc, p.paragraph);
  const period = section ? section.period : doc.frame.reviewed;
  if (period?.stance === 'planned') return { period, named: Boolean(section?.named) };
  // A plan heading (下一步工作措施) the frame gave no period: the years the document as a whole plans.
  if (!period && isPlanSection(p.heading) && doc.frame.planned) return { period: doc.frame.planned, named: false };
  return null;
}

/** Commitments of one document, from its passages in order. */
export function documentCommitments(doc: DocumentSummary, passages: StoredPassage[]): Commitment[] {
  const out: Commitment[] = [];
  // Footnotes and glossaries close a report (名词解释, 注释): nothing after them is a plan.
  let notes = false;
  for (const p of passages) {
    notes ||= p.heading.some((h) => NOTE_HEADING.test(h)) || NOTE_HEADING.test(p.text.trim()) && contentLength(p.text) <= 8;
    const plan = notes ? null : planOf(doc, p);
    if (!plan) continue;
    const { period } = plan;
    const headingStates = yearsIn(p.heading.join(' ')).some((y) => y >= period.from && y <= period.to);
    splitSentences(p.text).forEach((sentence, i) => {
      if (isLeadHeading(sentence, p.heading)) return;
      const statements = statementsOf(sentence);
      statements.forEach((text, k) => {
        if (!isActionable(text)) return;
        // A year the statement names within or after its period (力争2027年底前, 到2030年) is when it is due.
        const named = yearsIn(text).find((y) => y >= period.from) ?? null;
        out.push({
          id: statements.length > 1 ? `${p.id}/${i + 1}.${k + 1}` : `${p.id}/${i + 1}`,
          docId: doc.id,
          docTitle: doc.title,
          year: doc.year,
          region: doc.frame.region,
          period: { from: period.from, to: period.to },
          targetYear: named ?? period.to,
          targetYearStated: named !== null || plan.named || headingStates,
          kind: 'plan',
          heading: p.heading,
          paragraph: p.paragraph,
          passageId: p.id,
          url: passageUrl(p),
          text,
        });
      });
    });
  }
  return out;
}

/** The years a commitment is for: those of its period, and the year it is due when that lies beyond. */
export function plannedYears(c: Pick<Commitment, 'period' | 'targetYear'>): number[] {
  const years = new Set<number>();
  if (c.period && c.period.to - c.period.from < 20) for (let y = c.period.from; y <= c.period.to; y++) years.add(y);
  if (c.targetYear !== null) years.add(c.targetYear);
  return [...years].sort((a, b) => a - b);
}

export interface FacetCount {
  value: string;
  count: number;
}

/** Commitments per region (most first) and per planned year (earliest first), as the list's filters offer them. */
export interface CommitmentFacets {
  region: FacetCount[];
  year: FacetCount[];
}

/**
 * Counts of `list` per region — among those the year filter keeps — and per
 * planned year — among those the region filter keeps — so that each facet shows
 * what choosing one of its values would list. A commitment for 2026–2030 counts
 * in each of those years.
 */
export function commitmentFacets(list: Commitment[], inRegion: (c: Commitment) => boolean, inYear: (c: Commitment) => boolean): CommitmentFacets {
  const regions = new Map<string, number>();
  const years = new Map<number, number>();
  for (const c of list) {
    if (c.region !== null && inYear(c)) regions.set(c.region, (regions.get(c.region) ?? 0) + 1);
    if (inRegion(c)) for (const y of plannedYears(c)) years.set(y, (years.get(y) ?? 0) + 1);
  }
  return {
    region: [...regions].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN')).map(([value, count]) => ({ value, count })),
    year: [...years].sort((a, b) => a[0] - b[0]).map(([y, count]) => ({ value: String(y), count })),
  };
}

const cache = new WeakMap<KnowledgeBase, Commitment[]>();

/** Every commitment in the knowledge base's reports, computed on first use and kept with the knowledge base. */
export function commitmentsFor(kb: KnowledgeBase): Commitment[] {
  let list = cache.get(kb);
  if (!list) {
    const before = kb.misses;
    list = reportPassages(kb).flatMap(({ doc, passages }) => documentCommitments(doc, passages));
    // Made from a fetching store's stand-ins (QaService.load runs it again once fetched): not kept.
    if (kb.misses === before) cache.set(kb, list);
  }
  return list;
}
