/**
 * Every user-facing string of the bot, in one place, so that they share one vocabulary and one punctuation:
 * - quotations in 「」 (never “”), Chinese full-width punctuation;
 * - 报告 for a report, 条目 for an item, 大纲 for a report's outline (never 目录), 原文 for an item's full text;
 * - paging in pairs: 「上一页」/「下一页」 for lists, 「上一条」/「下一条」 for the results of an answer;
 * - no jargon (语料库, 索引, ID are not words for users; an ID is named only where it must be typed).
 */

/** Menu descriptions (Telegram allows 3–256 characters). */
export const COMMAND_TEXT = {
  start: "开始使用，查看示例问题",
  help: "使用说明",
  ask: "提问，如 /ask 青浦2020年招录新教师多少名",
  reports: "收录的报告，可加区名或年份：/reports 青浦",
  report: "查看报告大纲：/report 报告ID",
  item: "查看条目原文：/item 条目ID",
  about: "关于本机器人",
  subscribe: "订阅新报告通知，可加区名：/subscribe 青浦",
  unsubscribe: "取消订阅，可加区名：/unsubscribe 青浦",
  subscriptions: "查看本聊天的订阅",
} as const;

/** Button labels. Paging labels come in pairs and carry their arrows on the outside. */
export const BUTTON = {
  /** Results of one answer, one at a time. */
  previousResult: "◀ 上一条",
  nextResult: "下一条 ▶",
  /** Pages of a list (/reports). */
  previousPage: "◀ 上一页",
  nextPage: "下一页 ▶",
  openItem: "📖 查看原文",
  openItemOf: (where: string) => `📖 原文·${where}`,
  related: (where: string) => `📖 可能相关：${where}`,
  outline: "📑 查看大纲",
  reportOutline: (district: string, year: number) => `📑 ${district} ${year}年 大纲`,
  voteUp: "👍",
  voteDown: "👎",
  voted: (vote: string) => `${vote} ✓`,
  share: "↗️ 分享",
  example: (question: string) => `💬 ${question}`,
  suggestion: (question: string) => `💬 ${question}`,
  subscribeTo: (district: string) => `🔔 ${district}有报告时通知我`,
  chooseDistrict: (qualified: string) => `📍 ${qualified}`,
  askOne: "💬 问一个问题",
  inlineNotFound: "没有找到答案，打开机器人看看能问什么",
  inlineUsage: "打开机器人查看用法",
} as const;

/** Short answers to a button press (callback query toasts). */
export const TOAST = {
  expired: "这条结果已过期，请重新提问",
  suggestionExpired: "这条建议已过期，请重新提问",
  exampleExpired: "这个示例已失效，请直接提问",
  buttonExpired: "这个按钮已失效，请重新提问",
  reportGone: "这份报告已不再收录",
  busy: "正在处理前面的请求，请稍候",
  tooFast: "点得太快了，请稍等几秒",
  votedAlready: "已经收到你的反馈了，谢谢！",
  voteChanged: (vote: string) => `已改为 ${vote}，谢谢！`,
  thanksUp: "谢谢！很高兴帮到你 👍",
  thanksDown: "谢谢反馈，我们会据此改进答案 🙏",
  subscribed: (district: string) => `已订阅${district}`,
  subscribedAlready: (district: string) => `已在订阅${district}`,
} as const;

/** Words of answers and lists, shared by the bot's HTML and the command line. */
export const WORDS = {
  related: "可能相关",
  relatedNumbered: (n: number) => `可能相关 ${n}`,
  answer: "答",
  alsoRelevant: (n: number) => `相关 ${n}`,
  question: "问",
  source: "出处",
  note: "注",
  notFoundPlain: "未找到答案。",
  resultOf: (page: number, pages: number) => `第 ${page}/${pages} 条`,
  pageOf: (page: number, pages: number) => `第 ${page}/${pages} 页`,
  leadParagraph: "导语",
  section: (no: number) => `第${no}部分`,
  item: (no: string) => `第${no}条`,
  subpoint: (item: string, point: string) => `第${item}条第${point}点`,
  planPart: "工作计划",
  summaryKind: "工作总结",
  planKind: "工作计划",
} as const;

/** Messages about the reports the bot answers from. */
export const COVERAGE = {
  none: "目前还没有收录任何报告。",
  loadingWait: (loading: string) => `${loading}，请稍候再提问。`,
  loadingSoFar: (loading: string) => `${loading}，已经可以查询：`,
  listed: "目前收录的报告：",
  row: (district: string, year: number, title: string) => `• ${district} ${year}年《${title}》`,
  total: (reports: number, districts: number, from: number, to: number) =>
    `目前收录 ${reports} 份报告，覆盖 ${districts} 个区县（${from === to ? `${to}` : `${from}–${to}`}年）。`,
  byPlace: (kind: "province" | "city") => (kind === "province" ? "按省份：" : "按地市："),
  placeCount: (place: string, reports: number) => `${place} ${reports} 份`,
  morePlaces: (places: number, kind: "province" | "city") =>
    `等 ${places} 个${kind === "province" ? "省份" : "地市"}`,
  latest: "最近的报告：",
  seeAll: "发送 /reports 查看全部，或按区县、年份筛选（如 /reports 青浦、/reports 2020）。",
  otherPlaces: "其他",
} as const;

/** The list of reports (/reports) and a report's outline (/report). */
export const REPORTS = {
  loading: (loading: string) => `${loading}，请稍候。`,
  loadedSoFar: (loading: string) => `${loading}，以下是已加载的。`,
  heading: (count: number, paging: string) => `📚 <b>收录的报告（${count} 份）${paging}</b>`,
  rowStats: (sections: number, items: number) => `${sections} 部分 · ${items} 条`,
  idLabel: "ID",
  footer: "点下方按钮查看大纲，或发送 /report ID。",
  notFoundFilter: (filter: string) => `没有找到「${filter}」的报告。发送 /reports 查看全部。`,
  notFoundReport: (id: string) => `没有找到报告「${id}」。发送 /reports 查看收录的报告及其 ID。`,
  notFoundItem: (ref: string) =>
    `没有找到条目「${ref}」。条目 ID 形如「报告ID_部分_条」，可在 /reports 里打开报告大纲，再点开条目。`,
  itemUsage: "请在命令后写上条目 ID，例如 /item 条目ID。条目 ID 可在 /report 大纲中点开条目获得。",
  outlineStats: (sections: number, items: number, linked: boolean) =>
    `共 ${sections} 部分、${items} 条${linked ? "，点条目标题查看原文" : ""}。`,
  source: (citation: string) => `📄 出处：${citation}`,
} as const;

/** Replies when the reports hold no answer. */
export const NOT_FOUND = {
  heading: (question: string) => `🤔 没有在报告中找到「${question}」的答案。`,
  tryAgain: "可以换个说法，写明区和年份。",
  tryAgainOrExample: "可以换个说法，写明区和年份，或点下面的示例问题试试。",
  chooseDistrict: "请选择要查的区县：",
} as const;

/** Why an answer is what it is (render/reasons.ts), for the bot, the command line and JSON alike. */
export const REASON = {
  noReports: "还没有收录任何报告。",
  nothingAsked: "没有读懂要查什么：请写出要查的事项，例如「某区2020年招聘新教师多少名」。",
  districtNotCovered: (district: string) => `还没有收录${district}的报告。`,
  coveredList: (list: string, more: string) => `目前收录：${list}${more}。`,
  coveredDistrict: (district: string, years: readonly number[]) => `${district}（${years.join("、")}年）`,
  coveredMore: (districts: number) => `等 ${districts} 个区县`,
  coveredCount: (districts: number) => `目前收录 ${districts} 个区县的报告。`,
  noYear: (year: number) => `没有${year}年的报告。`,
  districtNoYear: (district: string, year: number, years: readonly number[]) =>
    `${district}没有${year}年的报告${years.length ? `（有${years.join("、")}年的）` : ""}。`,
  nothingMatches: (where: string) => `${where}里没有找到与问题相符的内容。`,
  reportsOf: (districts: readonly string[]) => (districts.length ? `${districts.join("、")}的报告` : "报告"),
  mentions: (where: string, matched: string, missing: string) => `${where}提到了${matched}${missing}。`,
  butNotMentioned: (missing: string) => `，但没有提到${missing}`,
  butNotCertain: "，但没有一条能确定地回答",
  noFigure: (words: string) => `报告提到了${words}，但没有给出具体数字。`,
  groupWithout: (where: string) => `${where}的报告中没有找到相关内容。`,
  readAs: (reading: string) => `按「${reading}」理解。`,
  corrected: (from: string, to: string) => `已按「${to}」理解「${from}」。`,
  placeReadAs: (written: string, district: string) => `已按「${district}」理解「${written}」。`,
  ambiguous: (written: string, options: string) => `「${written}」可能指${options}，请选择或写明全称。`,
  quoted: (word: string) => `「${word}」`,
} as const;

/** The bot's own messages: welcome, help, about, questions it cannot take, errors and limits. */
export const BOT = {
  welcome: (name: string) =>
    `👋 你好${name ? `，${name}` : ""}！我能回答关于区县教育工作总结的问题，给出原文中回答问题的那句话，并注明出处（报告、部分、条目）。`,
  howPrivate: (examples: boolean) =>
    `直接发送问题即可，最好写明区和年份。${examples ? "也可以点下面的示例试试：" : ""}`,
  howGroup: (examples: boolean) => `在群里请用 /ask 加问题，或 @我 提问。${examples ? "示例：" : ""}`,
  helpHeading: "<b>怎么提问</b>",
  helpWhere: "私聊：直接发送问题。群聊：/ask 问题，或 @我 提问，或回复我的消息。",
  helpExample: (example: string | undefined) =>
    example ? `写明区和年份更准确，例如「${example}」。` : "写明区和年份更准确。",
  helpInline: "任意聊天中输入 @我 加问题，可把答案直接发到当前对话。",
  helpCommands: "<b>命令</b>",
  helpCommand: (command: string, description: string) => `/${command} — ${description}`,
  aboutHeading: "<b>教育工作总结问答</b>",
  about: (reports: number, items: number) =>
    `从各区县教育局公开的年度工作总结中查找答案，只引用原文，不做推测。目前收录 ${reports} 份报告、${items} 个条目。`,
  aboutCitation: "每个答案下都注明出处（报告 · 第几部分 · 第几条），点「查看原文」可看完整出处和条目全文。",
  aboutFeedback: "👍/👎 反馈会用于改进答案质量。",
  fallbackExample: "青浦2020年招录新教师多少名",
  askEmpty: (example: string) => `请在命令后写上问题，例如：/ask ${example}`,
  askTooLong: (length: number, max: number) =>
    `问题太长了（${length} 字）。请用一两句话提问，不超过 ${max} 字。`,
  askNoWords: (inGroup: boolean, example: string) =>
    `没看懂这个问题 🙂 请用文字提问，${inGroup ? "发送 /ask 加问题" : "直接发送问题"}，例如「${example}」。`,
  waitingForLoad: (loading: string, question: string) =>
    `⏳ ${loading}，还没有找到「${question}」的答案。加载完成后会在这里回答。`,
  unknownCommand: (command: string, inPrivate: boolean) =>
    `没有 /${command} 这个命令。可用命令：/ask 提问、/reports 收录的报告、/help 使用说明。${inPrivate ? "\n也可以直接发送问题。" : ""}`,
  error: "出错了，请稍后再试",
  queueFull: "前面的问题还在处理中，这条消息没有处理；请等收到回答后再问 🙏",
  tooFrequent: "提问太频繁了，请稍等几秒再试 🙏",
} as const;

/** /subscribe, /unsubscribe, /subscriptions and the 🔔 button. */
export const SUBSCRIBE = {
  allAdded:
    "✅ 已订阅<b>全部报告</b>。有新报告或报告更新时，我会在这里通知。\n只想关注某个区？用 /subscribe 区名，例如 /subscribe 青浦。",
  allAlready: "你已订阅全部报告，无需重复订阅。查看订阅：/subscriptions",
  ambiguous: (name: string, options: string) => `「${name}」可能指${options}，请点下面的按钮选择，或写明全称`,
  unknown: (name: string) => `没有找到名为「${name}」的区县`,
  added: (districts: string) => `✅ 已订阅：${districts}。这些区有新报告时我会通知。`,
  already: (districts: string) => `已在订阅中：${districts}。`,
  problem: (problem: string) => `⚠️ ${problem}。`,
  coveredList: (districts: string) => `目前收录的区县：${districts}`,
  coveredCount: (districts: number) => `目前收录 ${districts} 个区县的报告，发送 /reports 查看。`,
  alsoAll: "（你也订阅了全部报告，所有新报告都会通知。）",
  allRemoved: "已取消本聊天的全部订阅，不会再收到新报告通知。想重新订阅：/subscribe",
  noneYet: "本聊天还没有订阅。订阅新报告通知：/subscribe",
  removed: (districts: string) => `已取消订阅：${districts}。`,
  notSubscribed: (districts: string) => `本来就没有订阅：${districts}。`,
  stillAll: "注意：你仍订阅着全部报告，这些区的新报告依然会通知。全部取消：/unsubscribe",
  noneHelp: "本聊天还没有订阅。\n订阅全部新报告：/subscribe\n只订阅某个区：/subscribe 青浦",
  allReports: "全部报告",
  list: (names: string) => `📬 本聊天订阅了：${names}\n取消订阅：/unsubscribe 或 /unsubscribe 区名`,
  addedOne: (district: string) => `✅ 已订阅：${district}。收录${district}的报告时我会在这里通知。`,
  noChannels: "频道暂不支持订阅。",
  whoAreYou: "无法确认你的身份。",
  adminsOnly: "只有群管理员可以为本群订阅或取消订阅。",
  adminUnknown: "暂时无法确认你是否为群管理员，请稍后再试。",
} as const;

/** Notices to subscribers when a report is added or updated. */
export const NOTICE = {
  heading: (kind: "new" | "update") => (kind === "new" ? "📢 <b>新报告</b>" : "🔄 <b>报告已更新</b>"),
  where: (district: string, year: number) => `📍 ${district} · ${year}年`,
  size: (sections: number, items: number) => `共 ${sections} 部分、${items} 条。`,
  replaced: "新版本已替换旧版本，提问将按新内容作答。",
  highlights: "<b>要点</b>",
  outline: (id: string) => `查看大纲：/report ${id}`,
  defaultTopic: "教育工作",
} as const;

/** Reports sent to the bot by an admin. */
export const UPLOAD = {
  adminsOnly: "🙏 抱歉，只有管理员可以添加报告。如需收录新报告，请联系机器人管理员。",
  refused: (name: string, why: string) => `❌ ${name}：${why}`,
  downloadFailed: "文件下载失败，请稍后重新发送",
  searchableSoon: "几秒内即可检索，订阅者会收到通知。",
  unsupported: (extensions: string) => `不支持这种文件，请发送 ${extensions} 格式的报告`,
  tooLarge: (megabytes: string, limit: number) => `文件太大（${megabytes} MB），报告文件不能超过 ${limit} MB`,
} as const;
