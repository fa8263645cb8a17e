// The library tests' documents: texts written for these tests, about things the
// bundled report never mentions, made into real DOCX and PDF files by the shared
// generators (tests/helpers/office-documents.ts).
export { makeDocument } from '../helpers/office-documents.js';

/** A DOCX: a city's water-supply summary, its region and years in the title. */
export const WATER_DOCX = [
  '云浮市2025年城乡供水一体化工作总结',
  '一、2025年工作成效',
  '（一）农村供水工程建设',
  '全年新建农村集中供水工程46座，改造老旧供水管网318公里，农村自来水普及率达到98.6%。',
  '（二）水质保障',
  '全市建成水质检测中心5个，全年抽检水样2160份，合格率99.2%。',
  '二、存在的问题',
  '部分山区村组供水管网老化，枯水期水源保障能力不足。',
  '三、2026年工作安排',
  '2026年计划新建农村集中供水工程30座，推进城乡供水同网同质同价。',
];

/**
 * A PDF whose title and text name no region: the frame leaves the region unknown until staff
 * correct it. One paragraph per line, each ending a sentence, so no lines are joined.
 */
export const PARKS_PDF = [
  [
    '2025年城市公园绿地建设情况报告',
    '一、2025年建设成效',
    '全年新增公园绿地面积126公顷，新建口袋公园38个，建成绿道74公里。',
    '城区人均公园绿地面积达到15.3平方米。',
    '二、下一步工作措施',
    '继续推进口袋公园建设，2026年新建口袋公园20个。',
  ],
];

