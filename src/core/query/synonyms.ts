/**
 * How people ask versus how reports write. Each group lists words a user may type and the words a
 * report uses for the same thing; any member of a group matches the others (at a lower weight than
 * the word itself, so an exact match still ranks first).
 */
const GROUPS = `招录 招聘 新进 录用 引进 招收 新招 招 招新
老师 教师 教职工 师资 教职员工
经费 资金 钱 投入 投资 预算 财政 拨款 款
学生 学子 在校生 中小学生
校长 书记 干部
学校 中小学 校园
幼儿园 幼儿 学前 托幼 幼托
新建 建设 建成 创建 新增 建立 搭建
成立 组建 建立 组成 设立 揭牌 挂牌
增加 新增 增长 增至 提高 上升 扩大
举办 举行 召开 开展 组织 办
评 评选 评定 选树 评出 评为 获评
拿 获得 荣获 获评 获 命名 成为 入选
牌子 称号 荣誉 命名
合作 携手 联合 共建 协同
参加 参与 参赛
来 参会 出席 代表
搞 开展 实施 推进
帮扶 支援 援助 对口 扶贫
支教 援教 挂职 讲学
轮岗 交流
特殊教育 特教 融合教育 随班就读 残疾
劳动教育 劳动
职业教育 职教 中职 职校 职业学校
终身教育 社区教育 老年教育 成人教育 终身学习
安全 平安 安防 防范
校园安全 平安校园 安全管理
艺术 文艺 美育
体育 运动 体质
篮球 篮球特色校
疫情 防疫 新冠 疫情防控
网课 在线 线上 空中课堂 在线教育
督导 督导评估 督政 评估
学习点 学习点 老年学习点
减负 双减 减负增效
信息化 数字化 智慧
午餐 午饭 营养午餐
录取率 升学率 入学率
入园率 入园 学前教育普及
培训 研修 培养
党建 党组织 支部
思政 德育 思想政治
老年人 老人 老年
研讨会 论坛 会议 研讨
翻修 改造 维修 修缮 改扩建 提升改造 校舍改造
吃饭 餐 午餐 营养餐 用餐 伙食 膳食
劝回 劝返 返校 复学
考上 录取 考入 升入
涨 增长 提高 增加 上涨
关掉 关停 取缔 关闭 压减 注销
建好 建成 竣工 完工 投用 交付
孩子 学生 儿童 子女
电话 来电 热线
近视 视力
名次 名 奖项
叫 名为 命名
花 投入 支出 用于`;

/**
 * English words people mix into questions (online, AI, mental health), as reports write them. A small
 * glossary of the domain, applied before segmentation so that the Chinese words are segmented as such.
 */
const ENGLISH: [RegExp, string][] = [
  [/\bonline\b/g, "线上"],
  [/\boffline\b/g, "线下"],
  [/\bai\b/g, "人工智能"],
  [/\bmental\s+health\b/g, "心理健康"],
  [/\bfood\s+safety\b/g, "食品安全"],
  [/\bsafety\b/g, "安全"],
  [/\bpe\b/g, "体育"],
  [/\bvs\.?(?=[\s\u4e00-\u9fff\d]|$)/g, "和"],
];

/** Replaces the English words of the glossary by their Chinese (the text is lower-cased already). */
export function englishToChinese(text: string): string {
  let out = text;
  for (const [pattern, chinese] of ENGLISH) out = out.replace(pattern, ` ${chinese} `);
  return out.replace(/ {2,}/g, " ").trim();
}

const groupsByWord = new Map<string, string[]>();
for (const line of GROUPS.split("\n")) {
  const words = [...new Set(line.trim().split(/\s+/))];
  for (const word of words) {
    const known = groupsByWord.get(word) ?? [];
    groupsByWord.set(word, [...new Set([...known, ...words.filter((other) => other !== word)])]);
  }
}

/** Other words for `word`, most specific first; empty when it has none. */
export function synonymsOf(word: string): readonly string[] {
  return groupsByWord.get(word) ?? [];
}

/** Single characters that still mean something on their own in a question (钱, 评). */
export function isMeaningfulSingle(word: string): boolean {
  return word.length === 1 && groupsByWord.has(word);
}
