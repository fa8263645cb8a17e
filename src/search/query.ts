// Query understanding: from what a citizen typed to weighted search terms and a
// question type. Question words (多少, 哪些, 吗 …) steer the type but are not
// searched; colloquial phrases bring in the documents' own vocabulary, and the
// words of such a phrase count as one idea with their expansions.
import questionWords from './lexicon/question-words.json' with { type: 'json' };
import legalTable from './lexicon/legal.json' with { type: 'json' };
import synonymTable from './lexicon/synonyms.json' with { type: 'json' };
import { normalizeForMatch } from '../text/normalize.js';
import { tokenizeNormalized, type Segmenter } from '../text/tokenize.js';
import { unitClass } from '../text/units.js';
import { analyzeQueryFrame, type QueryFrame, type RegionScope } from './frame.js';

export type QuestionType = 'problem' | 'commitment' | 'why' | 'number' | 'date' | 'list' | 'how' | 'fact';

export interface QueryTerm {
  term: string;
  /** Relative importance before corpus statistics: 1 for the user's own words, less for expansions. */
  weight: number;
  /** Where the term came from. */
  origin: 'query' | 'synonym' | 'typo';
  /** The idea the term stands for: coverage counts each group once. */
  group: string;
  /** jieba part-of-speech tag of the word in the question (n, v, ns …), 'x' when unknown. */
  pos: string;
  /** The term stands in the question's focus clause (the one with the question word). */
  inFocus: boolean;
  /** The term names the kind of thing asked for (哪些媒体 → 媒体), not the topic. */
  answerType: boolean;
  /** The GB/T 2260 code of the region the term names (广东, 粤 → '44'), if it names one. */
  regionCode?: string;
}

export interface AnalyzedQuery {
  /** The query as typed (trimmed). */
  raw: string;
  /** Match form: Simplified, NFKC, lower case. */
  normalized: string;
  type: QuestionType;
  /** Measure words the question asks for (多少件 → 件), to prefer numbers with that unit. */
  units: string[];
  /** Years the question asks about: named (2021年), relative (今年, resolved against the clock) and 十四五-style periods. */
  years: number[];
  /** Regions, years and intent (planned or reviewed): see frame.ts. */
  frame: QueryFrame;
  /** Which documents speak for the regions asked about, once the library is known (scopeQuery). */
  scope?: RegionScope;
  /** Place names the question names (茂名市): an answer must be about them. */
  places: string[];
  /** The clause that holds the question word (阳江有没有专门处理这种事的地方), in match form. */
  focus: string;
  /** What kind of quantity a number question asks for (cases, people, rates …), or null. */
  unitClass: string | null;
  terms: QueryTerm[];
}

interface SynonymGroup {
  /** Phrases a citizen might use (match form). */
  say: string[];
  /** The documents' vocabulary for the same thing. */
  means: string[];
}

const SYNONYMS: SynonymGroup[] = [...synonymTable.groups, ...legalTable.groups];
const STOP = new Set<string>([...questionWords.phrases, ...questionWords.stop, ...questionWords.filler]);
const NOT_PLACES = new Set<string>(questionWords.notPlaces);
const QUESTION_PHRASES = [...questionWords.phrases].sort((a, b) => b.length - a.length);
const FILLER_PHRASES = questionWords.filler.filter((w) => w.length > 1).sort((a, b) => b.length - a.length);

/** Weight of expansion terms relative to the user's own words. */
const SYNONYM_WEIGHT = 0.8;
/** Weight of a year in a question about plans. */
const PLAN_YEAR_WEIGHT = 0.2;
/**
 * Words about the document rather than its content (这份工作报告里讲到的…, 文件中指出):
 * every passage stands in a report, so they only favour the title lines that repeat them.
 */
const ABOUT_THE_DOCUMENT = /(?:(?:省|市|区|县|自治区)?(?:人民)?政府)?(?:工作)?报告(?:中|里|上)?(?:提到|认为|指出|提出|说|显示|写到|讲到)?(?:的)?(?=[^告]|$)/g;

/** Words that name an administrative area without naming it (自治区, 全省, 省里). */
const ADMIN_WORDS = /^(?:省|市|区|县|州|盟|自治区|自治州|自治县|全省|全市|全区|全州|省里|市里|区里|县里|本省|本市|我省|我市|我区)$/;

/** Words that name the kind of answer a problem or plan question wants. */
const KIND_WORDS: Partial<Record<QuestionType, RegExp>> = {
  problem: /^(?:问题|不足|短板|困难|存在|面临|挑战|弱项|差距)$/,
  commitment: /^(?:打算|计划|安排|部署|准备|要做|措施)$/,
};
const KIND_WORD_WEIGHT = 0.3;

/** Weight of words that name the question's regions and years, which the frame already acts on. */
const FRAME_TERM_WEIGHT = 0.3;
/** Single characters are mostly function words or fragments of words the corpus lacks. */
const SINGLE_CHAR_WEIGHT = 0.3;

// Ordered: the first pattern that matches decides the type.
const TYPE_PATTERNS: [QuestionType, RegExp][] = [
  ['problem', /(存在|还有|有哪些|有什么|面临).{0,6}(问题|不足|短板|困难)|问题和不足|不足之处|短板/],
  ['commitment', /下一步|明年|今后|接下来|将来|未来|来年|(?<![我咱])(?:们)?(?:有|有什么|有哪些|什么|哪些)(?:打算|计划|部署|安排)|(?<![我咱们])(?:打算|准备|将要|计划要|计划怎么|计划如何)/],
  ['why', /为什么|为何|原因|目的|为了什么|意义/],
  ['number', /多少|多久|多长时间|(?<![那这前好])几[个项件家名场宗份条人次篇所位起种天]|比例|百分之|占比|[率]是|增长了|下降了|提速|压缩了|几成/],
  ['date', /什么时候|何时|哪一?年|哪几年|哪个时间|哪天|日期|时间节点|几月|期限|截止/],
  ['list', /哪些|哪几|有什么|都有|包括/],
  ['how', /怎么|怎样|如何|做法|方式|办法|途径|渠道/],
];

const UNIT_IN_QUESTION =
  /(?:多少|(?<![那这前好])几)(?:[万亿千百])?(平方公里|公里|千米|公顷|千瓦时|千瓦|亿元|万元|公斤|人次|[个项件家名场宗份条人次篇所位元户起种天亩吨张部辆座床])/g;
/** Words that ask: the clause holding the last of them is the question's focus. */
const QUESTION_WORD = /多少|几|哪|什么|谁|怎|如何|吗|有没有|是否|是不是|能不能|多久|何时|为何|为什么|啥|么/;
/** Words right after these name the kind of answer wanted (哪些媒体), not the topic. */
const ANSWER_TYPE_LEAD = ['哪些', '什么', '哪个', '哪家', '何种', '哪种', '几种', '哪几个', '哪几', '哪类', '哪一个', '啥'];

/** The clause of a question that holds its (last) question word; the last clause if none does. */
export function focusClause(normalized: string): string {
  const clauses = normalized.split(/[,，。.?？!！;；]/).map((c) => c.trim()).filter(Boolean);
  for (let i = clauses.length - 1; i >= 0; i--) if (QUESTION_WORD.test(clauses[i])) return clauses[i];
  return clauses[clauses.length - 1] ?? normalized;
}

/** The unit class a number question asks for: 多少宗 → cases, 纠错率是多少 → rates, 多久 → durations. */
function askedUnitClass(normalized: string, units: string[]): string | null {
  if (/率|比例|百分|占比|几成|增长|增速|增幅|涨幅|下降|降幅/.test(normalized) && !units.length) return 'rates';
  if (/多久|多长时间|几天|多少天|多少个工作日|几个工作日/.test(normalized)) return 'durations';
  const unit = units.find((u) => u !== '个');
  if (unit) return unitClass(unit);
  // 地区生产总值是多少 asks for an amount, not its growth rate.
  if (/总值|总额|总量|总产量|产量|规模|总收入|收入|人口|面积|里程|产值|存量/.test(normalized)) return 'amounts';
  return null;
}

export function questionType(normalized: string): QuestionType {
  for (const [type, re] of TYPE_PATTERNS) if (re.test(normalized)) return type;
  return 'fact';
}

function blank(text: string, phrases: string[]): string {
  let out = text;
  for (const phrase of phrases) out = out.split(phrase).join(' ');
  return out;
}

export interface AnalyzeOptions {
  /** The year 今年 means (去年, 明年 relative to it): the configured clock's year. */
  currentYear: number;
}

/**
 * The query as the library sees it: words naming a region some document speaks
 * for weigh little, since retrieval already keeps to that region's documents
 * (they would only favour passages that repeat the name); a region no document
 * speaks for keeps its weight, as content the passage must mention (湘潭 in
 * 承接了湘潭的事项).
 */
export function scopeQuery(query: AnalyzedQuery, scope: RegionScope): AnalyzedQuery {
  if (scope.covered.length === 0) return { ...query, scope };
  const covered = new Set(scope.covered.map((r) => r.code));
  return {
    ...query,
    scope,
    terms: query.terms.map((t) => (t.regionCode && covered.has(t.regionCode) ? { ...t, weight: t.weight * FRAME_TERM_WEIGHT } : t)),
  };
}

/**
 * The parts of a question that asks two things at once (学校要建几所？危房要改几户？):
 * each clause with its own question word, with the terms it uses and its own asked unit. One part (or none) → an empty list.
 */
export function subQuestions(query: AnalyzedQuery): AnalyzedQuery[] {
  const parts = query.normalized
    .split(/[?？;；]|[,，](?=[^,，?？]*(?:多少|几[个项件家名所张部]|哪些|什么))/)
    .map((p) => p.trim())
    .filter((p) => p && QUESTION_WORD.test(p));
  if (parts.length < 2 || parts.length > 4) return [];
  return parts.map((part) => {
    const units = [...part.matchAll(UNIT_IN_QUESTION)].map((m) => m[1]);
    const terms = query.terms.filter((t) => part.includes(t.term) || part.includes(t.group));
    const type = questionType(part);
    return { ...query, normalized: part, focus: part, type: type === 'fact' ? query.type : type, units, unitClass: askedUnitClass(part, units), terms };
  });
}

/** Analyses a question or search query into weighted terms. Callers bound its length first. */
export function analyzeQuery(raw: string, segmenter: Segmenter, options: AnalyzeOptions = { currentYear: 0 }): AnalyzedQuery {
  const trimmed = raw.trim();
  const normalized = normalizeForMatch(trimmed);
  const frame = analyzeQueryFrame(normalized, options.currentYear);
  const focus = focusClause(normalized);
  // The clause that asks decides the type; "为赔多少钱一直谈不拢" in a side clause does not make a number question.
  const type = QUESTION_WORD.test(focus) ? questionType(focus) : questionType(normalized);
  const units = [...normalized.matchAll(UNIT_IN_QUESTION)].map((m) => m[1]);
  const years = frame.years;
  const tagged = segmenter.tag?.(normalized) ?? [];
  const posOf = new Map(tagged.map((t) => [normalizeForMatch(t.word), t.tag]));
  const places = [...new Set(tagged.filter((t) => t.tag === 'ns' && t.word.length >= 2).map((t) => normalizeForMatch(t.word)))].filter(
    (p) => !NOT_PLACES.has(p),
  );

  // Colloquial phrases present in the question, and the group each belongs to.
  const phraseGroup = new Map<string, string>();
  const expansions: { group: string; means: string[] }[] = [];
  for (const syn of SYNONYMS) {
    const said = syn.say.filter((phrase) => normalized.includes(phrase));
    if (said.length === 0) continue;
    const group = said[0];
    for (const phrase of said) if (!phraseGroup.has(phrase)) phraseGroup.set(phrase, group);
    expansions.push({ group, means: syn.means });
  }
  const groupOf = (term: string): string => {
    for (const [phrase, group] of phraseGroup) if (phrase.includes(term)) return group;
    return term;
  };

  // Question phrases, asked-for units (多少件) and filler are blanked before segmentation
  // so they neither become terms nor glue onto neighbouring words.
  const content = blank(blank(normalized.replace(UNIT_IN_QUESTION, ' ').replace(ABOUT_THE_DOCUMENT, ' '), QUESTION_PHRASES), FILLER_PHRASES);

  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (term: string, weight: number, origin: QueryTerm['origin'], group: string) => {
    if (STOP.has(term) || seen.has(term)) return;
    seen.add(term);
    const fromQuestion = origin === 'query';
    terms.push({
      term,
      weight,
      origin,
      group,
      pos: posOf.get(term) ?? (/^\d/.test(term) ? 'm' : 'x'),
      inFocus: fromQuestion && focus.includes(term),
      answerType: fromQuestion && ANSWER_TYPE_LEAD.some((lead) => focus.includes(lead + term)),
    });
  };
  // Years are weighed down here (sections are chosen by period); region words once the library is known (scopeQuery).
  const frameTerms = new Set<string>();
  const regionTerms = new Map<string, string>();
  for (const region of frame.regions) for (const name of [region.name, ...region.short]) regionTerms.set(name, region.code);
  for (const year of frame.years) frameTerms.add(`${year}年`).add(String(year));
  for (const { word } of frame.relativeYears) frameTerms.add(word);
  for (const term of tokenizeNormalized(content, segmenter)) {
    const single = term.length === 1 && /[\u3400-\u9fff]/.test(term);
    // In "2022年打算做什么" the year only says "next year": plan sections rarely repeat it.
    const planYear = type === 'commitment' && /^(?:19|20)\d{2}年?$/.test(term);
    // The frame carries the question's regions and years: documents are chosen by region and sections
    // by period, so the words themselves would only favour passages that happen to repeat them.
    const framed = frameTerms.has(term) ? FRAME_TERM_WEIGHT : 1;
    // (region words are weighed once the library is known: scopeQuery)
    add(term, (single ? SINGLE_CHAR_WEIGHT : planYear ? PLAN_YEAR_WEIGHT : 1) * framed, 'query', groupOf(term));
    // A word inside a region's name (内蒙, 自治区 of 内蒙古自治区) or holding one (广东省政府) is that region's word.
    const region =
      regionTerms.get(term) ??
      frame.mentions.find((m) => m.text.includes(term) || term.includes(m.text))?.code ??
      // Words for "the region" itself (自治区, 全省, 省里) say no more than the region named.
      (frame.regions.length && ADMIN_WORDS.test(term) ? frame.regions[0].code : undefined);
    if (region && terms.length && terms[terms.length - 1].term === term) terms[terms.length - 1].regionCode = region;
  }
  for (const { group, means } of expansions) {
    for (const phrase of means) {
      for (const term of tokenizeNormalized(normalizeForMatch(phrase), segmenter)) {
        const single = term.length === 1 && /[\u3400-\u9fff]/.test(term);
        add(term, single ? SINGLE_CHAR_WEIGHT * SYNONYM_WEIGHT : SYNONYM_WEIGHT, 'synonym', group);
      }
    }
  }
  // Words that only say what kind of answer is wanted (问题, 不足 for a problem question; 计划, 打算 for a plan)
  // are found in every passage of that section: they name the answer's kind, not its topic.
  const kindWords = KIND_WORDS[type];
  if (kindWords) {
    const kindGroups = new Set(terms.filter((t) => t.origin === 'query' && kindWords.test(t.term)).map((t) => t.group));
    for (const t of terms) {
      if (kindWords.test(t.term) || kindGroups.has(t.group)) Object.assign(t, { answerType: t.origin === 'query', weight: t.weight * KIND_WORD_WEIGHT });
    }
  }
  return { raw: trimmed, normalized, type, units, years, frame, places, focus, unitClass: askedUnitClass(normalized, units), terms };
}
