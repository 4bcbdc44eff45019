/**
 * Education-policy terms that jieba's general dictionary would cut apart (新教师 → 新/教师, →
 * 学习/点有). Kept whole, they match as one concept in both reports and questions.
 * Frequencies are high enough to win over the general dictionary's splits.
 */
const DOMAIN_TERMS = `新教师 特级教师 特级校长 骨干教师 青年教师 见习教师 班主任 名师 名校长 学科带头人 教学能手
学区化 集团化 学区化集团化 集团化办学 学区化办学 紧密型学区 教育集团 新优质学校 新优质 委托管理 城乡一体化
双减 十三五 十四五 五育并举 立德树人 三全育人 课程思政 四史 党史国史 强基行动
学前教育 义务教育 高中教育 职业教育 特殊教育 终身教育 社区教育 老年教育 家庭教育 成人教育 民办教育 校外教育 随班就读
示范校 特色校 品牌专业 校企合作 产教融合 实训基地
交流轮岗 轮岗交流 区管校聘 对口帮扶 支教 对口支援 教育扶贫 控辍保学 入园率 升学率 录取率 巩固率 覆盖率 达标率
综合督导 督导评估 责任督学 督政 教育督导 综合评估 学业质量 绿色指标 减负增效 课后服务 午餐 营养午餐 校园安全 平安校园
信息化 智慧校园 互联网+ 教育信息化 智慧教育 劳动教育 体教结合 体教融合 艺术教育 科技教育 心理健康 健康促进
教育经费 财政投入 生均经费 教育投入 专项经费 基建项目 校舍 新建学校 改扩建 扩建 学位 招生入学 中考 高考 学业考
教书育人 师德师风 教师培训 见习期 规范化培训 职称评审 绩效工资 教师梯队 后备干部 校长培训
托育 托幼 幼儿园 幼托 民办幼儿园 随迁子女 社会化 `;

export const USER_DICTIONARY = DOMAIN_TERMS.split(/\s+/)
  .filter((term) => term.length > 0)
  .map((term) => `${term} 200000 n`)
  .join("\n");
