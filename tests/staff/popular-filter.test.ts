// The 热门问题 contact-details filter (src/staff/popular-filter.ts) on
// hand-written examples: web addresses, phone numbers however they are split or
// spelt, WeChat/QQ ids, e-mail and masked text are refused; ordinary questions
// with years, dates, amounts and percentages pass. And no input makes it slow.
import { describe, expect, it } from 'vitest';
import { contactDetails, isPublishableQuestion } from '../../src/staff/popular-filter.js';
import { isShareableQuestion } from '../../src/staff/query-log.js';

const REFUSED: [string, string][] = [
  // web addresses and domains
  ['详情见 http://yj-bt.example 办理', 'url'],
  ['补贴申领入口www.yjbt2026.com', 'url'],
  ['领取补贴请登录ｗｗｗ．ｙｊｂｔ．ｃｏｍ', 'url'],
  ['去yj-butie.cn领补贴吗', 'url'],
  ['补贴到gov-bt.top申请可以吗', 'url'],
  ['申请网址 yjbt点com 是真的吗', 'url'],
  ['搜索 yjbt dot cn 领取', 'url'],
  ['补贴在yjbt。com申领吗', 'url'],
  // phone numbers, however split
  ['办证电话13812345678对吗', 'phone'],
  ['联系138.1234.5678办理', 'phone'],
  ['联系138_1234_5678办理', 'phone'],
  ['联系(138)1234/5678办理', 'phone'],
  ['联系 138 1234 5678 办理', 'phone'],
  ['客服0662-3456789是多少', 'phone'],
  ['打 +86 138-1234-5678 咨询', 'phone'],
  ['联系一三八一二三四五六七八', 'phone'],
  ['电话幺三八 幺二三四 五六七八', 'phone'],
  ['联系壹叁捌壹贰叁肆伍陆柒捌', 'phone'],
  ['身份证440102199001011234怎么办', 'phone'],
  // WeChat and QQ ids
  ['官方补贴请加微信 gov-bt2026 领取', 'chat'],
  ['加微yjzf2026咨询', 'chat'],
  ['补贴加vx：yjzf_01', 'chat'],
  ['wx号 butie888 领取', 'chat'],
  ['加ＱＱ 12345678 进群', 'chat'],
  ['扣扣：987654321', 'chat'],
  ['微信号是zhengwu2026吗', 'chat'],
  // e-mail
  ['材料发到 yjbt@example.com 可以吗', 'email'],
  ['材料发到yjbt＠qq点com', 'email'],
  ['写信给 bt [at] example.org', 'email'],
  // what the question log masked
  ['我的手机号＊＊＊能办理法律援助吗', 'masked'],
];

const PASSED = [
  '2021年市政府办结了多少件行政复议申请？',
  '法治政府建设有哪些不足？',
  '开办企业可以一窗通办吗？',
  '2020-2021年行政复议纠错率是多少？',
  '2021.06.30之前要完成哪些工作？',
  '行政复议纠错率是12.5%吗',
  '12345热线办理了多少件？',
  '政务微信公众号叫什么？',
  '能用微信办理社保吗？',
  'QQ群可以咨询吗',
  '全市有108件行政复议案件吗',
  '十四五规划提出了什么？',
  '一二三四类事项怎么分？',
  'What is the rate of corrected cases? Is it high.',
];

describe('contactDetails', () => {
  it.each(REFUSED)('refuses %s (%s)', (question, kind) => {
    expect(contactDetails(question)).toBe(kind);
    expect(isPublishableQuestion(question)).toBe(false);
    expect(isShareableQuestion(question)).toBe(false);
  });

  it.each(PASSED.map((q) => [q]))('passes %s', (question) => {
    expect(contactDetails(question)).toBeNull();
    expect(isPublishableQuestion(question)).toBe(true);
  });

  it('refuses very long questions', () => {
    expect(isPublishableQuestion('行'.repeat(61))).toBe(false);
    expect(isPublishableQuestion('行'.repeat(60))).toBe(true);
  });

  it('stays fast on pathological input', () => {
    const inputs = [
      'a.'.repeat(5000) + '1',
      'a-'.repeat(5000) + '.1',
      '1 '.repeat(5000),
      '1.'.repeat(5000) + 'x',
      '微信'.repeat(2000) + '-'.repeat(2000),
      'a'.repeat(10_000) + '.' + '1'.repeat(10),
      'x@'.repeat(5000),
      '一 '.repeat(5000) + '年',
    ];
    const started = performance.now();
    for (const text of inputs) contactDetails(text);
    // Generous bound: a backtracking blow-up takes seconds to minutes.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
