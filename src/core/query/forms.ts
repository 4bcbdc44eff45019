/**
 * How a question is asked, as opposed to what it asks about. Every list here is a closed class of the
 * language — greetings and politeness, request verbs, question words, measure words, discourse words —
 * never words of a particular question: a new question typed the same way is read the same way.
 */

/** Greetings, politeness, requests and chat around the question (您好，请问…谢谢；帮我查查；稿子里要用). */
const CHAT_WORDS = `您好 你好 您 好 请问 请 问 问下 问一下 问问 再问 再问下 再问一下 谢谢 谢了 多谢 感谢 麻烦 麻烦你 辛苦 劳驾
帮 帮忙 帮我 帮我查 帮查 查 查查 查下 查一下 查询 搜 搜索 找 找找 看看 看下 看一下 告诉 告知 说说 讲讲 介绍 介绍一下
想 想问 想知道 想了解 了解 了解一下 知道 请教 核实 核实一下 确认 确认一下 核对 一下 下 稿子 稿件 材料 写稿 引用 用 要 要用 需要
对了 还有 另外 顺便 顺便问 此外 那 那么 那个 这个 那边 这边 那里 这里 那会儿 那时 那时候 当时 那年 这年 今年 去年 当年 现在 目前
自己 我 我们 你 你们 咱 咱们 他们 大家 人家 有人 谁知道 一下子`;

/** Question words and the frame around them (多少, 几, 哪些, 是什么, 怎么样, 分别, 是否). */
const QUESTION_WORDS = `多少 多 几 几个 几位 几名 几所 几家 几次 几场 几项 几人 几年 哪 哪些 哪个 哪一个 哪几个 哪几 哪里 哪儿 哪年 哪一年
什么 啥 甚么 谁 如何 怎么 怎样 怎么样 咋 咋样 咋做 咋搞 为何 为什么 是否 有没有 有无 是不是 能否 可否 吗 呢 吧 啊 呀 嘛 哦
么 呗 啦 嗯 分别 各 各自 各是 分别是 都 一共 总共 共 合计 总计 累计 大概 大约 约 左右 至少 最多 多大 多高 多长 多久
总数 数量 总量 数目 情况 方面 这块 这一块 哪方面 内容 怎么回事 咋回事 怎么说 如何 举措 措施 做法 动作 亮点 工作 成效 成绩 效果
叫 叫做 称为 称作 名字 啥名 名叫`;

/** Function words: particles, prepositions, pronouns, conjunctions, copulas. */
const FUNCTION_WORDS = `的 地 得 了 着 过 是 有 在 和 与 及 以及 跟 同 对 把 被 也 还 就 又 才 这 那 其 之 以 并 等 中 上 下 里 内 里面 里头
将 已 已经 为 于 由 从 向 到 给 让 使 或 或者 还是 而 且 但 呢 所 所有 该 此 这些 那些 每 每个 其中 一个 一 些 一些 个 位 名
教育局 教委 教育委员会 教育部门 总结 工作总结 报告 年度 年 年里 一年 全年 全区 全县 全市 区里 县里 市里 本区 本县 提到 提及 写 写了 讲 讲了 说 说了 记载 显示 公布`;

/** Measure words: what a count is counted in (几所 → 所). Ordered longest first where they overlap. */
export const MEASURE_WORDS = [
  "人次",
  "万元",
  "亿元",
  "个",
  "位",
  "名",
  "人",
  "所",
  "家",
  "场",
  "次",
  "项",
  "届",
  "期",
  "批",
  "件",
  "间",
  "节",
  "堂",
  "门",
  "本",
  "册",
  "台",
  "辆",
  "块",
  "轮",
  "支",
  "队",
  "处",
  "条",
  "座",
  "栋",
  "套",
  "周",
  "天",
  "元",
  "分",
  "篇",
  "部",
  "种",
  "类",
  "份",
  "剂",
  "张",
  "幅",
  "株",
  "片",
] as const;

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

export const CHAT = words(CHAT_WORDS);
export const QUESTION = words(QUESTION_WORDS);
export const FUNCTION = words(FUNCTION_WORDS);
const MEASURE = new Set<string>(MEASURE_WORDS);

/** jieba part-of-speech tags that never carry the subject: particles, modals, prepositions,
 * conjunctions, adverbs, onomatopoeia, interjections, time words (pronouns: see PRONOUN). */
const FORM_TAGS = /^(u|y|e|o|c|p|d|t|uj|ul|uz|ug|uv|ud|zg)$/;

/**
 * Pronouns are a closed class built on a few characters (这个, 哪些, 其中, 各级, 我市, 什么样). jieba's dictionary
 * also tags some content words as pronouns (本科, 前身): a word tagged r is a form word only when it begins
 * with one of these.
 */
const PRONOUN = /^[这那哪什怎谁我你您他她它咱俺吾其各每某此该诸彼啥咋甚自任何如为孰另别旁有几多]/;

/** Characters that, glued in front of a word by jieba, ask a question or count (几堂, 哪三个, 各有, 多少次). */
const QUESTION_PREFIX = /^(多少|几|哪|各|每|这|那)+/;
const NUMERAL = /^[一二两三四五六七八九十百千万几\d]+$/;

export function isMeasureWord(word: string): boolean {
  return MEASURE.has(word);
}

/** Whether a word (with its jieba tag) only says how the question is asked. */
export function isFormWord(word: string, tag = ""): boolean {
  if (CHAT.has(word) || QUESTION.has(word) || FUNCTION.has(word) || MEASURE.has(word)) return true;
  if (NUMERAL.test(word) && !/^\d{3,}$/.test(word)) return true;
  return FORM_TAGS.test(tag) || (tag === "r" && PRONOUN.test(word));
}

/**
 * A question word or a number and measure word glued onto content by jieba (几堂 → 堂, 哪三个 → ∅,
 * 各有 → 有, 多少次 → ∅, 招了 → 招): what is left of the content, or "" when nothing is.
 */
export function unglue(word: string, tag = ""): string {
  let rest = word.replace(/^(.+?)[了过着]$/, "$1");
  // A word jieba made up from characters it does not know (tag x: 托班有) may have swallowed a function word.
  if (tag === "x" && rest.length >= 3)
    rest = rest.replace(/^[在把被给对从向]/, "").replace(/[有是在的都也就还要能会]$/, "");
  rest = rest.replace(QUESTION_PREFIX, "");
  // A numeral before a measure word (三个, 两所) counts; before anything else it is part of a name (五老).
  const counted = /^[一二两三四五六七八九十\d]+(?=(.+))/.exec(rest);
  if (counted && MEASURE_WORDS.some((measure) => counted[1]!.startsWith(measure)))
    rest = rest.slice(counted[0].length);
  // What remains may be a measure word and its noun (个人 of 几个人评上): drop the measure word.
  for (const measure of MEASURE_WORDS) {
    if (rest.startsWith(measure) && rest !== word) {
      rest = rest.slice(measure.length);
      break;
    }
  }
  rest = rest.replace(/[了过着的]$/, "");
  return rest;
}

/** Words that ask for a list of names (哪些, 哪几所, 哪三个, 名单, 分别是哪). */
export function asksForList(text: string): boolean {
  return /哪些|哪几|哪[一二两三四五六七八九十]+[个所项家位名类种支]|名单|名称|有哪|是哪/.test(text);
}

/**
 * Words that ask for a number (多少, 几 + a measure word, 率, 比例), unless the 几 asks which ones
 * (哪几所) or which year (哪一年, 第几期).
 */
export function asksForNumber(text: string): boolean {
  const withoutWhich = text.replace(/哪[几一二两三四五六七八九十]*[个所项家位名年类种支期届]?|第几/g, " ");
  return (
    /多少|几[个位名所家次场项人届期批件间节堂门本台辆块轮支处条座周天元分篇种份剂张]?|数量|人数|金额|总额|规模|总数|比例|比率|占比|增长了|提高了|涨了/.test(
      withoutWhich,
    ) || /[\u4e00-\u9fff]率|[\u4e00-\u9fff]数(?![据字学码量])|标准$|系数|平均分/.test(withoutWhich)
  );
}

/**
 * Words that ask what something is called (叫什么名字, 叫啥, 名称是什么): the answer is a name, which reports
 * print in quotation marks or title marks (“鹭岛心语”, 《作业管理十条》).
 */
export function asksForName(text: string): boolean {
  return /叫(?:做)?(?:什么|啥)|(?:什么|啥)名|名(?:字|称)(?:是|叫)?(?:什么|啥)|称为(?:什么|啥)/.test(text);
}

/** Words that ask about intentions (计划, 打算, 拟, 目标): what a report's plan for the next year answers. */
export function asksForPlan(text: string): boolean {
  return /计划|打算|准备|将|要(?!用|求|点)|会|拟|预计|目标|思路|要点|规划|安排|下一步|明年|来年/.test(text);
}

/** Words that ask for a whole: 一共, 总共, 总数, 合计, 全区…总. */
export function asksForTotal(text: string): boolean {
  return /一共|总共|总数|合计|总计|共有|全区|全县|全市|总量/.test(text);
}

/** Words that compare two reports (19年和22年各是多少, 哪一年更多, vs, 分别, 对比). */
export function comparesReports(text: string): boolean {
  return /分别|各是|各有|对比|比较|相比|哪一年|哪年|哪个(?:高|低|多|少)|更多|更高|\bvs\b|两年|历年|变化/.test(
    text,
  );
}

/** The measure word a count should carry, from 几/多少 + measure word (几所 → 所, 几个人 → 人). */
export function askedMeasure(text: string): string | undefined {
  const match =
    /(?:多少|几)\s*(个人|人次|万元|亿元|[个位名人所家场次项届期批件间节堂门本台辆块轮支处条座周天元分篇种份剂张])/.exec(
      text,
    );
  if (!match) return undefined;
  return match[1] === "个人" ? "人" : match[1];
}
