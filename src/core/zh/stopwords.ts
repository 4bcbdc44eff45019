/**
 * Words that say how a question is asked, not what it is about. They never drive ranking;
 * `多少`, `几` and friends are read by the query understanding as a request for a number instead.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `的 了 是 有 在 和 与 及 跟 同 对 把 被 都 也 还 就 又 这 那 其 之 以 及其 并 等 个 中 上 下 里 内 将 已 为 于 由 从 向 到 给 让 使
  吗 呢 吧 啊 呀 么 嘛 哦 哪 哪些 哪个 哪所 哪家 哪里 哪儿 什么 啥 多少 几 几个 几位 几名 几所 几场 几项 几次 几家 几人 多大 多高 多长
  怎么 怎样 怎么样 如何 为何 为什么 是否 有没有 有无 是不是 能否 可否 请问 请 问 一下 告诉 知道 想 想知道 查 查询 查一下 帮 帮我
  我 我们 你 你们 他 他们 她 它 咱 大家 本 该 此 这个 那个 这些 那些 这块 这边 方面 分别 各自 各 每 一共 总共 共 合计 一年 今年 去年 当年 全年 年度 年里
  教育局 教委 教育委员会 总结 工作总结 报告 内容 关于 里面 提到 提及 写了 讲了 说了 放在 放到 位于 在哪 在哪里 哪儿 是哪 是哪个 是哪所 属于 咋样 咋 啥样 什么样 怎么回事 咋回事 好不好 多不多 好吗 做得 搞得 弄得 干得 发展得 开展得 进行得 做的 搞的 怎么说 多少钱 年来 以来 以上 左右 举措 措施 动作 做法 成绩 成效 情况 相关 有关 主要 具体 一些 哪方面 做 做了 搞 搞了 弄 办了 干 干了 来了 了解 一 下 怎么办 么样 得 地 着 过 啦 呗 嗯 么 啊`.split(
    /\s+/,
  ),
);

/** Question words that ask for a count or an amount. */
export const NUMBER_CUES = [
  "多少",
  "几",
  "数量",
  "多大",
  "比例",
  "比率",
  "占比",
  "人数",
  "金额",
  "总额",
  "规模",
] as const;

/** Question words that ask for names or a list. */
export const LIST_CUES = [
  "哪些",
  "哪个",
  "哪所",
  "哪家",
  "哪里",
  "哪",
  "什么",
  "啥",
  "谁",
  "名单",
  "名称",
] as const;
