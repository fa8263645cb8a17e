// Questions made from section headings, for 猜你想问 and 相关问题 (issue #17
// item 4): a heading is offered only through a question that reads naturally,
// never as it stands — "本批复自2021年1月1日起施行" or "一般规定" offered as a
// question gave nonsense answers. General rules about how Chinese headings are
// written, nothing tuned to particular questions:
//
// - a heading that is already a question (问：…？) stays one;
// - a problem or difficulty (融资难, 欠薪问题) → …怎么办？; the report's own
//   problems section asked in the heading's own words (二、存在的问题 → 阳江市法治政府建设
//   存在哪些问题？, 主要困难 → …有哪些主要困难？);
// - a system or concept (…制度, …机制, …的定义), a condition, standard or range → …是什么？;
//   a procedure (…程序, …流程) → …是怎样的？;
// - someone's duties or rights (个人信息处理者的义务) → 个人信息处理者有哪些义务？;
// - a liability of a statute (违约责任, 产品责任) → …怎么承担？;
// - an action heading of a report (推进…, 加强…, 深入推进…) → 如何推进…？, the
//   adverbs in front (深入, 全面, 大力 …) dropped;
// - any other topic of a statute (离婚, 租赁合同) → 《民法典》对离婚有哪些规定？;
//   of a report, when its region is known → 广东省在营商环境方面有哪些举措？.
//
// Never: effective dates and amendment instructions (施行, 生效, 废止, 修改为,
// 批复 …), bare structural headings (总则, 附则, 一般规定, 法律责任 …), list
// items and sentences that ingest took for headings (…，应当…；). When no
// natural form exists the heading is dropped.
import { splitLead } from '../text/sentences.js';

/** What a heading's document tells about it. */
export interface HeadingContext {
  /** The document's title. */
  title: string;
  /** Its type or inferred kind (法律, 司法解释, 政府工作报告 …), when known. */
  kind: string | null;
  /** The region it speaks for (广东省, 阳江市, 全国), when known. */
  region: string | null;
  /** Name the region in the question: the library holds reports of several regions. */
  qualify?: boolean;
}

/** Longest question made from a heading. */
const MAX_QUESTION_CHARS = 40;
/** Longest heading phrase (numbering removed) worth a question; longer ones are sentences. */
const MAX_PHRASE_CHARS = 24;

// Numbering in front of a heading: 第三章 / 第二节 / 第一分编 / 一、 / （一） / 1. / (1) / 三是
const HEADING_NUMBER =
  /^(?:第[一二三四五六七八九十百千零〇\d]+(?:分编|编|章|节|部分)\s*|[一二三四五六七八九十百]+[、.．]\s*|[（(][一二三四五六七八九十百\d]+[)）]\s*|\d+[.．、]\s*|[一二三四五六七八九十]+是)+/u;

/** Effective dates, amendments, repeals and replies: never a question anyone asks from a heading. */
const NEVER = /施行|生效|失效|废止|修改为|修订为|修改如下|修正|删去|删除|增加一条|增加一款|增加一项|作为第|条文顺序|批复|公布之日|解释权|起执行|引言/;

/** Headings every statute or report has: they name no topic of their own. */
const STRUCTURAL = new Set([
  '总则', '附则', '通则', '分则', '一般规定', '基本规定', '其他规定', '补充规定', '特别规定', '法律责任', '罚则', '附录', '附件',
  '监督管理', '监督检查', '监督', '管理', '保障措施', '保障', '职责', '工作职责', '组织机构', '机构', '基本原则', '原则', '目录',
  '前言', '序言', '定义', '用语含义', '术语', '术语和定义', '适用范围', '范围', '宗旨', '目的', '奖励', '奖励与处罚', '奖惩',
  '奖励和处罚', '其他', '其他事项', '主要工作', '工作措施', '主要做法', '基本情况', '工作成效', '主要成效', '总体情况', '工作情况',
  '主要任务', '重点任务', '工作任务', '总体要求', '指导思想', '基本要求', '组织实施', '组织领导', '实施', '附注', '说明',
  '工作回顾', '过去一年工作回顾', '过去五年工作回顾', '回顾', '展望', '今年工作安排', '工作安排', '主要目标', '政府自身建设',
]);
/** Achievements (…取得显著成效, …持续取得新进展): a report's claims, not topics to ask how. */
const ACHIEVEMENT = /取得|成效|进展|成绩|成果|显著|新突破|迈上|跃上|实现了/;
/** Fields of work a report's noun heading may name (营商环境, 绿色发展): only these read as 在…方面有哪些举措. */
const FIELD = /(?:环境|经济|产业|市场|民生|教育|医疗|卫生|健康|就业|住房|交通|文化|生态|农业|农村|乡村|城市|城乡|安全|治理|服务|改革|开放|创新|体系|发展|保护|监管|振兴|消费|投资|科技|人才|养老|托育|社保|体育|旅游|能源|资源|水利|数字化|信息化|法治)$/;

/** A report's own 存在的问题 section, answered with its subject. */
const PROBLEMS_SECTION = /^(?:存在的?|主要|当前|面临的?)?(?:问题|困难|不足|短板)(?:和|与|及)?(?:不足|困难|问题|短板|差距)?$/;
/** A report's own 下一步 section. */
const NEXT_STEPS_SECTION = /^下一步(?:的)?(?:工作)?(?:措施|打算|安排|计划|思路|举措|重点)?$/;

/** A problem or difficulty named by the heading (融资难, 欠薪问题, 安全隐患). */
const PROBLEM = /(?:难|贵|慢|难题|问题|困难|隐患|短板|乱象)$/;
/** Verbs a report's action heading starts with (after its adverbs). */
const ACTION_VERB =
  /^(?:坚持|发挥|推进|推动|加强|强化|深化|健全|完善|优化|提升|提高|增强|规范|落实|促进|构建|建设|打造|实施|开展|做好|抓好|扩大|培育|壮大|巩固|防范|化解|解决|破解|改善|保障|发展|加快|加大|统筹|保持|稳定|稳住|守牢|筑牢|严格|创新|改革|整治|治理)/;
/** Adverbs in front of an action verb: 深入推进 → 推进. */
const ADVERBS = /^(?:大力|扎实|深入|全面|持续|积极|着力|切实|进一步|不断|多措并举|稳步|坚定不移地?|纵深|有力|有序|继续|努力|协同|依法|坚决|全力|重点|聚焦|一体)+/;
/** Other verbs a report heading may start with, for which no form reads naturally (掀起…热潮, 自觉接受…). */
const VERB_START = /^(?:掀起|自觉|实现|把|以|围绕|确保|完成|召开|组织|学习|贯彻|对标|紧扣|牢牢|树立|用好|守住|抓住|争创|创建|打赢|坚守|让|使|为|向|从|将|要|着眼|立足|面向|服务|支持|鼓励|引导|推行|全面|加快|积极|大力)/;
/** Phrases that are parts of sentences: a clause, not a heading. */
const CLAUSE = /应当|不得|必须|可以|^(?:根据|依照|按照|依据|凡|如果|对于|由|在|对|其|该|本|上述|前款|有下列)/;
/** Punctuation inside a phrase that makes it a sentence. */
const SENTENCE_PUNCT = /[，,。；;：:“”"]/;

/** Kinds of documents that are reports (their headings are actions and topics), not statutes. */
const REPORT_KIND = /报告|公报|规划|计划|纲要|方案/;

/** The heading without its numbering and final punctuation, and the first sentence only (…建设。具体如下 → …建设). */
export function headingPhrase(heading: string): string {
  return splitLead(heading)
    .lead.replace(HEADING_NUMBER, '')
    .replace(/[：:。；;，,、]+$/u, '')
    .trim();
}

const chars = (s: string) => [...s].length;

/** A statute's short name for a question: 中华人民共和国民法典 → 民法典; none for titles that quote others or run long. */
export function shortLawName(title: string): string | null {
  const name = title.replace(/^中华人民共和国/, '').replace(/[（(][^）)]*[）)]$/u, '').trim();
  if (!name || /[《》〈〉]/.test(name) || chars(name) > 14) return null;
  return name;
}

/** 全国 reads as no place in a question. */
function placeOf(ctx: HeadingContext | undefined): string {
  return ctx?.region && ctx.region !== '全国' ? ctx.region : '';
}

/** What a report as a whole is about, for its 存在的问题 and 下一步 sections: 法治政府建设, 政府工作. */
function reportSubject(ctx: HeadingContext): string | null {
  const kind = ctx.kind ?? '';
  const m = /^(.{2,10}?)(?:年度)?报告$/.exec(kind);
  if (!m) return null;
  return m[1] === '政府工作' ? '政府工作' : m[1];
}

function isReport(ctx: HeadingContext | undefined): boolean {
  return !ctx?.kind || REPORT_KIND.test(ctx.kind);
}

/** Whether a phrase reads as a heading phrase (a topic or an action), not a sentence or a list item. */
function isPhrase(phrase: string): boolean {
  const n = chars(phrase);
  return n >= 2 && n <= MAX_PHRASE_CHARS && !SENTENCE_PUNCT.test(phrase) && !CLAUSE.test(phrase) && /^[\u3400-\u9fff]/.test(phrase);
}

/**
 * A problems heading asked in its own words: its verb and nouns kept, 的 turned into 哪些 (存在的问题 → 存在哪些问题,
 * 面临的困难 → 面临哪些困难), 有哪些 in front when it has no verb (主要问题 → 有哪些主要问题,
 * 当前困难 → 当前有哪些困难).
 */
function problemsAsked(phrase: string): string {
  const verb = /^(存在|面临)的?/.exec(phrase);
  if (verb) return `${verb[1]}哪些${phrase.slice(verb[0].length)}`;
  return phrase.startsWith('当前') ? `当前有哪些${phrase.slice(2)}` : `有哪些${phrase}`;
}

/** The question form of a phrase already checked: null when none reads naturally. */
function phraseQuestion(heading: string, ctx: HeadingContext | undefined): string | null {
  // 关于破产财产 → 破产财产
  const phrase = heading.replace(/^关于/, '');
  if (chars(phrase) < 2) return null;
  const report = isReport(ctx);
  const place = placeOf(ctx);
  const who = ctx?.qualify ? place : '';
  if (STRUCTURAL.has(phrase)) return null;
  // A report's claims of success, a list of three or more, an item ending in 的 (…而不移送的), a 解释 of a part.
  if ((report && ACHIEVEMENT.test(phrase)) || (phrase.match(/、/g)?.length ?? 0) >= 2 || /的$|解释$|部分$/.test(phrase)) return null;

  // The report's own sections: its problems and next steps, asked of its subject.
  if (PROBLEMS_SECTION.test(phrase) || NEXT_STEPS_SECTION.test(phrase)) {
    const subject = ctx && report ? reportSubject(ctx) : null;
    if (!subject || !place) return null;
    return PROBLEMS_SECTION.test(phrase) ? `${place}${subject}${problemsAsked(phrase)}？` : `${place}${subject}下一步有哪些安排？`;
  }

  // Someone's duties, rights or responsibilities: 个人信息处理者的义务 → 个人信息处理者有哪些义务？
  const duties = /^(.{2,14})的((?:权利和|权利与|权利、)?(?:义务|权利|职责|职权|责任|权益))$/.exec(phrase);
  if (duties) return `${duties[1]}有哪些${duties[2]}？`;

  // An action heading of a report: 深入推进政务公开 → 如何推进政务公开？ (加快数字化发展 keeps its 加快).
  const stripped = phrase.replace(ADVERBS, '');
  const action = ACTION_VERB.test(stripped) ? stripped : ACTION_VERB.test(phrase) ? phrase : null;
  if (report && action) return chars(action) >= 4 ? `${who}如何${action}？` : null;
  // An adverb before something else (依法行政, 重点领域): no form reads naturally.
  if (report && stripped !== phrase) return null;
  // Headings about rules themselves (…的一般规定, …的特别规定) and verb pairs (促进和保障) make no question.
  if (/规定$/.test(phrase) || /^(?:促进|保障|发展|推进|加强|管理|监督)(?:和|与|及)/.test(phrase)) return null;

  // A problem: 融资难 → 融资难怎么办？ (解决…问题 is an action, above).
  if (PROBLEM.test(phrase) && chars(phrase) >= 3 && !/^(?:问题|困难|有关|相关|若干|其他|几个)/.test(phrase) && !/(?:若干|有关|相关|几个|适用法律)问题$/.test(phrase)) {
    return `${who}${phrase}怎么办？`;
  }
  // A system, mechanism or concept, a condition, standard or range.
  if (/(?:制度|机制|体制|定义|概念|含义|条件|标准|范围|期限|时效|资格)$/.test(phrase) && chars(phrase) >= 4) return `${phrase}是什么？`;
  // A procedure.
  if (/(?:程序|流程|步骤|手续)$/.test(phrase) && chars(phrase) >= 4) return `${phrase}是怎样的？`;
  // A liability a statute assigns: 违约责任 → 违约责任怎么承担？
  if (!report && /责任$/.test(phrase) && chars(phrase) >= 4) return `${phrase}怎么承担？`;

  // Any other topic: of a statute, asked of the statute; of a report, of its region.
  if (!report) {
    const law = ctx ? shortLawName(ctx.title) : null;
    if (law && chars(phrase) >= 2) return `《${law}》对${phrase}有哪些规定？`;
    // Without the statute's name only a specific topic (第三人撤销之诉) stands alone; 审理和判决 does not.
    return chars(phrase) >= 6 ? `${phrase}有哪些规定？` : null;
  }
  // Only a short noun phrase naming a field of work (营商环境, 绿色发展) reads as one; a verb in front does not.
  if (place && chars(phrase) >= 4 && chars(phrase) <= 8 && FIELD.test(phrase) && !VERB_START.test(phrase)) {
    return `${place}在${phrase}方面有哪些举措？`;
  }
  return null;
}

/**
 * A heading as a question that reads naturally, or null when it has none (a
 * structural heading, an effective-date or amendment clause, a sentence, a list
 * item). `ctx` (the heading's document) decides between the forms of statutes
 * and reports and lends a statute's name or a report's region where the heading
 * alone would not say what it is about.
 */
export function headingQuestion(heading: string, ctx?: HeadingContext): string | null {
  if (NEVER.test(heading)) return null;
  const raw = headingPhrase(heading.replace(HEADING_NUMBER, ''));
  // A list item (（三）约定…；) or an empty heading.
  if (!raw || /[；;]\s*$/.test(heading)) return null;
  if (ctx?.title && /修改|修订|废止|批复/.test(ctx.title) && /决定|批复/.test(ctx.title)) return null;

  // Already a question (a 解答's 问：…？): kept as it is.
  const asked = /^问[：:]\s*(.+[？?])$/u.exec(heading.replace(HEADING_NUMBER, '').trim()) ?? /^(.+[？?])$/u.exec(heading.replace(HEADING_NUMBER, '').trim());
  if (asked) {
    const q = asked[1].trim();
    return chars(q) >= 6 && chars(q) <= MAX_QUESTION_CHARS && !/[；;]/.test(q) ? q.replace(/\?$/, '？') : null;
  }

  let question: string | null = null;
  if (isPhrase(raw)) question = phraseQuestion(raw, ctx);
  else if (isReport(ctx) && /^[^，,。；;：:]+[，,][^，,。；;：:]+$/.test(raw)) {
    // A report's two-part heading (政府职能依法全面履行,持续优化法治化营商环境): the first part with a natural question.
    for (const part of raw.split(/[，,]/)) {
      const p = part.trim();
      if (isPhrase(p) && (question = phraseQuestion(p, ctx))) break;
    }
  }
  if (!question || chars(question) > MAX_QUESTION_CHARS || NEVER.test(question)) return null;
  return question;
}

/** Whether a document type or kind is a report's (报告, 政府工作报告, 公报 …) rather than a statute's; unknown counts as a report. */
export function isReportKind(kind: string | null | undefined): boolean {
  return !kind || REPORT_KIND.test(kind);
}
