/**
 * The English of every message the server sends back (zod field errors, AppError messages, the action
 * pipeline's own), translated at the boundary (lib/action.ts) for a user who chose English. The sources keep
 * writing Chinese, so Chinese stays exactly as it is; this file holds its English:
 * - FIXED: a whole message → its English;
 * - PATTERNS: a message with a label or a number inside (「请填写交流主题」, 「最多 100 个字」);
 * - a field label alone, or inside 「请填写…」/「请选择…」, is looked up among the UI's field labels
 *   (messages/zh-CN ↔ messages/en, same key), so a label reads the same in an error as on the form.
 * tests/unit/server-messages.test.ts finds every Chinese message in the sources and fails when one has no
 * English here: adding a message means adding its English to FIXED (or a pattern).
 */
import { DEFAULT_LOCALE, type Locale } from "@/i18n/config";
import zhCore from "@/messages/zh-CN/core.json";
import zhCustomer from "@/messages/zh-CN/customer.json";
import zhProducts from "@/messages/zh-CN/products.json";
import zhSales from "@/messages/zh-CN/sales.json";
import zhTime from "@/messages/zh-CN/time.json";
import zhTraining from "@/messages/zh-CN/training.json";
import zhAdmin from "@/messages/zh-CN/admin.json";
import enCore from "@/messages/en/core.json";
import enCustomer from "@/messages/en/customer.json";
import enProducts from "@/messages/en/products.json";
import enSales from "@/messages/en/sales.json";
import enTime from "@/messages/en/time.json";
import enTraining from "@/messages/en/training.json";
import enAdmin from "@/messages/en/admin.json";

const FIXED: Record<string, string> = {
  // the action pipeline, errors, raw input (lib/action.ts, lib/errors.ts, lib/validation/input.ts)
  "系统繁忙，保存未完成，请稍后重试": "The system is busy and nothing was saved. Please try again later.",
  记录不存在或您无权访问: "The record does not exist or you do not have access to it",
  请修正标出的字段: "Please correct the marked fields",
  "请求来源无效，请刷新页面后重试": "The request came from an invalid origin. Please reload the page and try again.",
  "登录已过期，请重新登录": "Your session has expired. Please sign in again.",
  未登录: "Not signed in",
  // the network (issue #12): a deal's introducer
  介绍人不能是客户本人: "The introducer cannot be the customer themselves",
  介绍人不存在或您无权查看: "The introducer does not exist or you may not see them",
  人脉圈不存在: "The circle does not exist",
  提交的数据格式无效: "The submitted data is malformed",
  提交的内容过大: "The submitted content is too large",
  "请求内容不是有效的 JSON": "The request body is not valid JSON",
  记录不存在: "The record does not exist",
  没有权限执行此操作: "You do not have permission to do this",
  字段名过长: "A field name is too long",
  请求包含无效的字段名: "The request contains an invalid field name",
  提交的字段过多: "Too many fields were submitted",
  提交的数据过多: "Too much data was submitted",
  提交的数据层级过深: "The submitted data is nested too deeply",
  "包含不可见的控制字符，请删除后重试": "Contains invisible control characters. Please remove them and try again.",
  参数无效: "Invalid argument",
  移动方向无效: "Invalid direction",

  // common fields (lib/validation/common.ts)
  格式不正确: "Invalid format",
  选择无效: "Invalid choice",
  "日期格式应为 年-月-日": "Dates are written as year-month-day (YYYY-MM-DD)",
  日期不存在: "This date does not exist",
  版本无效: "Invalid version",
  记录无效: "Invalid record",

  // customers (lib/validation/customer.ts, db/queries/customers.ts, customer-assignment.ts)
  "手机号应为 11 位数字，以 1 开头": "A mobile number has 11 digits and starts with 1",
  邮箱格式不正确: "Invalid email address",
  "QQ 号应为 5–12 位数字": "A QQ number has 5–12 digits",
  "微信号只能包含字母、数字、下划线和减号": "A WeChat ID may only contain letters, digits, underscores and hyphens",
  座机号码格式不正确: "Invalid landline number",
  网址格式不正确: "Invalid web address",
  "身份证号应为 18 位": "An ID card number has 18 characters",
  "身份证号应为 17 位数字加 1 位数字或 X": "An ID card number is 17 digits followed by a digit or X",
  身份证号中的出生日期不存在: "The date of birth in the ID card number does not exist",
  "身份证号校验位不正确，请核对": "The ID card number's check digit is wrong. Please check it.",
  事件名称: "Event name",
  请填写日期: "Please enter a date",
  客户名称: "Customer name",
  客户类型无效: "Invalid customer type",
  性别无效: "Invalid gender",
  "农历年份应在 1900–2100 之间": "The lunar year must be between 1900 and 2100",
  "农历月份应为 1–12": "The lunar month must be 1–12",
  "农历日应为 1–30": "The lunar day must be 1–30",
  婚姻状况无效: "Invalid marital status",
  人脉圈选择无效: "Invalid network circle",
  "最多 20 个人脉圈": "At most 20 network circles",
  客户分类无效: "Invalid customer category",
  "最多 20 个自定义日期": "At most 20 custom dates",
  "最多 50 位联系人": "At most 50 contacts",
  生日不能晚于今天: "The birthday cannot be later than today",
  认识时间不能晚于今天: "The date you met cannot be later than today",
  请填写农历月份: "Please enter the lunar month",
  请填写农历日: "Please enter the lunar day",
  "这个农历月没有这一天（小月只有 29 天）": "This lunar month has no such day (a short month has only 29 days)",
  只有单位客户可以添加联系人: "Only company customers can have contacts",
  客户已经是这个分类: "The customer is already in this category",
  您没有分配客户的权限: "You do not have permission to assign customers",
  负责业务员不在您的管理范围内: "That sales rep is outside the team you manage",
  "查重过于频繁，请稍后再试": "Too many duplicate checks. Please try again later.",
  选项不存在或已停用: "This option does not exist or has been disabled",
  不能关联客户自己: "A customer cannot be linked to itself",
  关联的客户不存在: "The linked customer does not exist",
  "该客户已被他人修改，请刷新后重新编辑（您的修改尚未保存）": "Someone else has changed this customer. Please reload and edit again (your changes were not saved).",
  客户不存在或不在您的管理范围内: "The customer does not exist or is outside your scope",
  "发现可能重复的客户，请确认后再保存": "Possible duplicate customers found. Please review them before saving.",

  // communications (lib/validation/communication.ts)
  请选择客户: "Please choose a customer",
  请选择交流方式: "Please choose how you communicated",
  "兴趣程度应为 1–5": "The interest level must be 1–5",
  请填写交流时间: "Please enter the time of contact",
  交流时间格式不正确: "Invalid time of contact",
  交流时间不能晚于现在: "The time of contact cannot be in the future",
  交流时间太早: "The time of contact is too early",
  下次跟进日期不能早于交流日期: "The next follow-up cannot be earlier than the contact date",

  // deals and their files (lib/validation/deal.ts, deal-file.ts, db/queries/deals.ts)
  请选择要上传的文件: "Please choose a file to upload",
  文件是空的: "The file is empty",
  "文件不能超过 10 MB": "The file cannot be larger than 10 MB",
  "只能上传 PDF、图片（JPG/PNG）、Word 或 Excel 文件": "Only PDF, image (JPG/PNG), Word or Excel files can be uploaded",
  "金额应为数字，例如 12800 或 12800.50": "The amount must be a number, e.g. 12800 or 12800.50",
  金额不能为负数: "The amount cannot be negative",
  "金额过大，请核对（上限 9999 亿元）": "The amount is too large. Please check it (the limit is ¥999.9 billion).",
  金额最多保留两位小数: "The amount can have at most two decimal places",
  请选择流程: "Please choose a process",
  "成交概率应为 0–100": "The win probability must be 0–100",
  "成交概率应为 0–100 的整数": "The win probability must be a whole number from 0 to 100",
  交易无效: "Invalid deal",
  阶段无效: "Invalid stage",
  请选择成交或失败: "Please choose won or lost",
  请填写交易时间: "Please enter the closing date",
  交易时间不能晚于今天: "The closing date cannot be later than today",
  请填写交易金额: "Please enter the deal amount",
  成交时请填写成功原因分析: "When a deal is won, please analyze why it succeeded",
  失败时请填写失败原因分析: "When a deal is lost, please analyze why it failed",
  请填写经验总结: "Please write down the lessons learned",
  流程不存在: "The process does not exist",
  该阶段不属于所选流程: "This stage does not belong to the chosen process",
  产品不存在: "The product does not exist",
  "该交易已被他人修改，请刷新后重新编辑（您的修改尚未保存）": "Someone else has changed this deal. Please reload and edit again (your changes were not saved).",
  已关闭的交易不能再移动阶段: "A closed deal cannot move to another stage",
  该阶段不属于此交易的流程: "This stage does not belong to the deal's process",
  该交易已关闭: "This deal is closed",

  // plans (lib/validation/plans.ts, db/queries/plans.ts)
  请选择计划周期: "Please choose a plan period",
  结束日期不能早于开始日期: "The end date cannot be earlier than the start date",
  完成日期不能早于开始日期: "The completion date cannot be earlier than the start date",
  总结内容: "Summary",
  请选择审核结果: "Please choose a review decision",
  退回时请写明原因: "Please give a reason when sending it back",
  请填写批注: "Please write a comment",
  "已审核通过，无需再提交": "It has already been approved; there is no need to submit it again",
  "已提交，等待审核": "It has been submitted and is awaiting review",
  不能审核自己的计划或总结: "You cannot review your own plan or summary",
  只有待审核的内容可以通过或退回: "Only items awaiting review can be approved or sent back",

  // processes (lib/validation/process.ts, db/queries/processes.ts)
  "流程已被他人修改，请刷新后重试（您的修改尚未保存）": "Someone else has changed this process. Please reload and try again (your changes were not saved).",
  "该流程已归档，请先恢复": "This process is archived. Please restore it first.",
  已有同名流程: "A process with this name already exists",
  没有阶段的流程不能设为默认流程: "A process without stages cannot be the default",
  该流程已经归档: "This process is already archived",
  该流程未归档: "This process is not archived",
  "默认流程不能归档，请先把另一个流程设为默认": "The default process cannot be archived. Please make another process the default first.",
  "已有同名流程，请先给其中一个改名": "A process with the same name already exists. Please rename one of them first.",
  该阶段不属于此流程: "This stage does not belong to this process",
  本流程中已有同名阶段: "This process already has a stage with this name",
  "该阶段已归档，请先恢复": "This stage is archived. Please restore it first.",
  已经是第一个阶段: "It is already the first stage",
  已经是最后一个阶段: "It is already the last stage",
  该阶段已经归档: "This stage is already archived",
  该阶段未归档: "This stage is not archived",
  流程至少要保留一个阶段: "A process must keep at least one stage",

  // products (lib/validation/product.ts, db/queries/products.ts)
  产品无效: "Invalid product",
  请至少填写一个维度: "Please fill in at least one dimension",
  "最多 20 个维度": "At most 20 dimensions",
  维度重复: "Duplicate dimension",
  "该产品已归档，请先恢复再编辑": "This product is archived. Please restore it before editing.",
  已有同名产品: "A product with this name already exists",
  请从产品类别中选择: "Please choose one of the product categories",
  "该产品已被他人修改，请刷新后重新编辑（您的修改尚未保存）": "Someone else has changed this product. Please reload and edit again (your changes were not saved).",
  该产品已经归档: "This product is already archived",
  该产品未归档: "This product is not archived",
  "只能修改自己写的 FAB 链": "You can only edit FAB chains you wrote",
  "这条 FAB 链已被他人修改，请刷新后重新编辑（您的修改尚未保存）": "Someone else has changed this FAB chain. Please reload and edit again (your changes were not saved).",
  "这条 FAB 链已被他人修改，请刷新后再删除": "Someone else has changed this FAB chain. Please reload before deleting it.",
  "这份分析已被他人修改，请刷新后重新编辑（您的修改尚未保存）": "Someone else has changed this analysis. Please reload and edit again (your changes were not saved).",
  "这份分析已被他人删除，请刷新": "Someone else has deleted this analysis. Please reload.",
  只能修改自己做的竞品分析: "You can only edit competitor analyses you made",
  "已有对这个竞品的分析，请在那份分析里修改": "There is already an analysis of this competitor. Please edit that one.",
  这一行不属于这份分析: "This row does not belong to this analysis",
  只能删除自己做的竞品分析: "You can only delete competitor analyses you made",

  // reminders, to-dos, training, push
  "请填写 0–60 的整数": "Please enter a whole number from 0 to 60",
  "请填写递增的正整数天数，用逗号分隔，如 1, 2, 4, 7": "Please enter increasing whole numbers of days, separated by commas, e.g. 1, 2, 4, 7",
  提醒无效: "Invalid reminder",
  请选择推迟到的日期: "Please choose the date to postpone to",
  推迟到的日期必须晚于今天: "The new date must be later than today",
  最多推迟一年: "You can postpone by at most a year",
  请选择象限: "Please choose a quadrant",
  待办内容: "To-do",
  课程不存在: "The lesson does not exist",
  答案格式不正确: "The answers are malformed",
  只能记录自己的学习进度: "You can only record your own learning progress",
  "此浏览器已为其他账号开启推送，请先在该账号下关闭": "This browser receives notifications for another account. Please turn them off in that account first.",
  // sign-in (lib/auth.ts, translated where next-auth's authorize answers)
  "邮箱或密码不正确": "Incorrect e-mail or password",
  // 精确营销 and the customer import (issues #13, #16)
  "上传的内容无效，请重新选择文件": "The upload was not valid. Please choose the file again.",
  "不能审核自己的交易总结": "You cannot review your own deal summary",
  "交易总结已审核通过，不能再修改": "The deal summary has been approved and can no longer be changed",
  "分级规则已被他人修改，请刷新后重新编辑（您的修改尚未保存）": "Someone else changed the grade rules. Please reload and edit again (your changes were not saved).",
  "占比应为 0–100 的数字，最多三位小数": "The share must be a number from 0 to 100 with at most three decimals",
  "占比应为数字": "The share must be a number",
  "占比应大于 0、不超过 100": "The share must be above 0 and at most 100",
  "只有待审核的交易总结可以通过或退回": "Only a deal summary awaiting review can be approved or sent back",
  "同一客户": "Same customer",
  "字段重复": "A field is mapped twice",
  "客户已不在您的管理范围内，已跳过": "The customer is no longer in your scope; skipped",
  "导入人已无新建客户的权限": "The importer may no longer create customers",
  "导入已开始，不能再修改设置": "The import has started; its settings can no longer be changed",
  "数据无效": "Invalid data",
  "文件不能超过 50 MB，请拆分成多个文件后分别导入": "A file may be at most 50 MB. Please split it and import the parts one by one.",
  "最多 10 个等级": "At most 10 grades",
  "没有识别出表头": "No header row was recognised",
  "没有识别出表头：文件的第一行应是列名，如 姓名、手机、公司名称、职务、生日": "No header row was recognised: the file's first row should name its columns, such as name, mobile, company, title, birthday",
  "等级代码": "Grade code",
  "等级代码只能用字母、数字或汉字": "A grade code may only contain letters, digits or Chinese characters",
  "等级代码重复": "Duplicate grade code",
  "等级名称": "Grade name",
  "累计占比应高于上一等级": "The cumulative share must be higher than the grade above",
  "统计周期应为整月数": "The window must be a whole number of months",
  "统计周期应为月数": "The window must be a number of months",
  "统计周期最多 60 个月": "The window is at most 60 months",
  "统计周期至少 1 个月": "The window is at least 1 month",
  "缺少客户姓名列": "There is no customer name column",
  "请先试运行（检查数据）再开始导入": "Please run the dry run (check the data) before starting the import",
  "请指定哪一列是客户姓名": "Please say which column is the customer name",
  "请至少设置一个等级": "Please set at least one grade",
  "门槛应低于上一等级": "The threshold must be lower than the grade above",
  // offline sync (lib/validation/sync.ts, db/queries/sync.ts, app/api/sync/route.ts)
  记录编号无效: "Invalid record id",
  不支持的离线操作: "This change cannot be made offline",
  没有要同步的内容: "There is nothing to sync",
  该字段不能离线修改: "This field cannot be changed offline",
  同步位置无效: "Invalid sync position",
  不支持的同步内容: "Unknown sync collection",
  "记录编号已被使用，请重新创建": "This record id is already in use. Please create the record again.",
  "该客户已被他人修改，请对照两个版本后选择保留哪一个": "Someone else changed this customer. Compare the two versions and choose which to keep.",
  同步记录编号无效: "Invalid sync change id",
  缺少修改所依据的版本: "The version this change was based on is missing",
  同步参数无效: "Invalid sync parameters",
  // 系统管理 (db/queries/admin.ts, lib/validation/admin.ts, the password change)
  请先修改初始密码: "Please change your initial password first",
  "密码至少 8 位": "The password must be at least 8 characters",
  "密码最多 72 位": "The password can be at most 72 characters",
  密码须同时包含字母和数字: "The password must contain both letters and digits",
  手机号格式不正确: "The mobile number is not valid",
  "记录已被他人修改，请刷新后重试": "Someone else changed this record. Please reload and try again.",
  请再次输入新密码: "Please enter the new password again",
  两次输入的新密码不一致: "The two new passwords do not match",
  新密码不能与当前密码相同: "The new password must differ from the current one",
  功能权限无效: "Invalid function permission",
  字典类型无效: "Invalid dictionary type",
  上级部门已停用: "The parent unit is disabled",
  总公司不能移动: "The head office cannot be moved",
  不能移到自身或下级部门之下: "A unit cannot be moved under itself or one of its sub-units",
  总公司不能停用: "The head office cannot be disabled",
  请先启用上级部门: "Enable the parent unit first",
  总公司不能删除: "The head office cannot be deleted",
  "该部门下有下级部门、用户或客户，不能删除，只能停用": "This unit has sub-units, users or customers: it cannot be deleted, only disabled",
  已有同名角色: "A role with this name already exists",
  数据权限无效: "Invalid data scope",
  "内置角色是模板，不能修改；请复制后再改": "Built-in roles are templates and cannot be changed. Copy one and edit the copy.",
  "该角色已被他人修改，请刷新后重试": "Someone else changed this role. Please reload and try again.",
  不能给自己所在的角色增加权限: "You cannot give your own role more permissions",
  "这是最后的系统管理员所用的角色，不能去掉用户管理权限": "This role is held by the last administrator: it must keep the user management permission",
  "内置角色是模板，不能删除": "Built-in roles are templates and cannot be deleted",
  "还有用户属于该角色，不能删除": "Users still hold this role: it cannot be deleted",
  部门不存在: "The unit does not exist",
  该部门已停用: "This unit is disabled",
  角色不存在: "The role does not exist",
  该邮箱已被使用: "This e-mail address is already in use",
  不能给自己更多的权限: "You cannot give yourself more permissions",
  "这是最后一位系统管理员，不能降级": "This is the last administrator and cannot be demoted",
  "该用户已被他人修改，请刷新后重试": "Someone else changed this user. Please reload and try again.",
  不能停用自己的账号: "You cannot deactivate your own account",
  "这是最后一位系统管理员，不能停用": "This is the last administrator and cannot be deactivated",
  "该用户所在部门已停用，请先调到其他部门": "This user's unit is disabled. Move the user to another unit first.",
  "已有同名选项（已归档的也算），可恢复它": "An option with this name already exists (archived ones count too); restore it instead",
  区域不存在: "The region does not exist",
  已有同名选项: "An option with this name already exists",
  当前密码不正确: "The current password is not correct",
  // team management: assignment, the shared pool (db/queries/assignments.ts, pool.ts, lib/validation/team.ts)
  "一次最多分配 10000 位客户": "At most 10,000 customers can be assigned at once",
  交出客户的人员不存在: "The person handing over does not exist",
  "最多选择 50 位接手的业务员": "Choose at most 50 reps to take over",
  "天数至少为 1": "The number of days must be at least 1",
  "上限不能小于 0": "The limit cannot be below 0",
  没有可分配的客户: "There are no customers to assign",
  "发起分配的人员已停用，无法继续": "The person who started the assignment has been deactivated; it cannot go on",
  客户已删除或不在您的数据权限内: "The customer was deleted or is outside your data scope",
  您没有领取客户的权限: "You may not claim customers",
  "该客户已被他人领取，已不在公海中": "Someone else has claimed this customer; it is no longer in the pool",
  公海: "Shared pool",
  // 服务营销 (db/queries/marketing.ts, lib/validation/marketing.ts, app/api/unsubscribe)
  模板名称: "Template name",
  内容: "Text",
  群发名称: "Campaign name",
  请选择短信或邮件: "Please choose SMS or e-mail",
  请填写邮件主题: "Please enter the e-mail subject",
  请至少选择一位客户: "Please choose at least one customer",
  "手工挑选最多 500 位客户": "At most 500 customers can be picked by hand",
  "发送结果未知：发送过程中服务停止，为避免重复未自动重发": "Outcome unknown: the server stopped while sending; not resent automatically, to avoid a duplicate",
  客户已退订: "The customer has opted out",
  "问候语不完整，未发送": "Broken greeting, not sent",
  "模板有无法识别的合并字段或不成对的括号，请先修正": "The template has an unknown merge field or unpaired braces. Please correct it first.",
  模板有无法识别的合并字段或不成对的括号: "Unknown merge field or unpaired braces",
  没有可发送的收件人: "There are no recipients to send to",
  退订链接无效: "This unsubscribe link is not valid",
  发送人取消了这次问候: "The sender discarded this greeting",
  请选择发送方式: "Please choose how to send",
};

/** The field named in an import duplicate (手机, 邮箱, 单位名称, 身份证号, 同一客户). */
const dupField = (f: string) => FIXED[f] ?? label(f);

const plural = (n: string, one: string, many: string) => `${n} ${n === "1" ? one : many}`;

/** Messages with something inside; the first that matches translates. Labels go through `label()`. */
const PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^最多 (\d+) 个字$/, (m) => `At most ${m[1]} characters`],
  // the to-do a won deal of an introduced customer leaves (db/queries/deals.ts)
  [/^感谢介绍人(.+)：介绍的(.*)已成交（(.+)）$/, (m) => `Thank the introducer ${m[1]}: ${m[2]}, whom they introduced, has bought (${m[3]})`],
  [/^请填写(.+)$/, (m) => `${label(m[1])} is required`],
  [/^请选择(.+)$/, (m) => `${label(m[1])} is required`],
  [/^农历 ?(\d+) ?年没有闰(\d+)月$/, (m) => `Lunar year ${m[1]} has no leap month ${m[2]}`],
  [/^文件内容与扩展名 \.(\S+) 不符$/, (m) => `The file's content does not match its .${m[1]} extension`],
  [/^分数应为 (\d+)–(\d+) 的整数$/, (m) => `The score must be a whole number from ${m[1]} to ${m[2]}`],
  [/^权重应为 (\d+)–(\d+) 的整数$/, (m) => `The weight must be a whole number from ${m[1]} to ${m[2]}`],
  [/^每次最多同步 (\d+) 条$/, (m) => `At most ${m[1]} changes per sync`],
  [/^一个流程最多 (\d+) 个阶段$/, (m) => `A process can have at most ${m[1]} stages`],
  [/^流程「(.*)」中还有 (\d+) 个进行中的交易，不能归档$/s, (m) => `The process "${m[1]}" still has ${plural(m[2], "open deal", "open deals")} and cannot be archived`],
  [
    /^阶段「(.*)」中还有 (\d+) 个进行中的交易，请先在销售流程看板上把它们移到其他阶段，再归档$/s,
    (m) => `The stage "${m[1]}" still has ${plural(m[2], "open deal", "open deals")}. Move them to other stages on the pipeline board first, then archive it.`,
  ],
  [
    /^(所选单位共有|该单位有) (\d+) 位联系人不在您的数据权限内，无法一起转移，请联系其负责人或上级处理$/,
    (m) =>
      `${m[1] === "所选单位共有" ? "The selected companies have" : "This company has"} ${plural(m[2], "contact", "contacts")} outside your data scope, so they cannot be transferred together. Please ask their owner or a manager.`,
  ],
  [/^天数最多 (\d+)$/, (m) => `At most ${m[1]} days`],
  [/^上限最多 (\d+)$/, (m) => `The limit is at most ${m[1]}`],
  [/^一次最多分配 (\d+) 位客户，当前 (超过 )?(\d+) 位，请缩小筛选范围$/, (m) => `At most ${m[1]} customers can be assigned at once; this is ${m[2] ? "more than " : ""}${m[3]}. Please narrow the filters.`],
  [/^今天已领取 (\d+) 位客户，已达每日上限 (\d+) 位$/, (m) => `You claimed ${plural(m[1], "customer", "customers")} today, the daily limit of ${m[2]}`],
  // notifications (stored in Chinese, the company's language)
  [/^(.+) 分配给您 (\d+) 位客户$/s, (m) => `${m[1]} assigned ${plural(m[2], "customer", "customers")} to you`],
  [/^(.+) 已将您的 (\d+) 位客户转给他人$/s, (m) => `${m[1]} gave ${plural(m[2], "of your customers", "of your customers")} to someone else`],
  [/^(.+) 等 (\d+) 位客户$/s, (m) => `${m[1]} and others (${plural(m[2], "customer", "customers")})`],
  [/^(.+) 把客户 (.+) 分配给了您$/s, (m) => `${m[1]} assigned ${m[2]} to you`],
  [/^客户 (.+) 已由 (.+) 转给 (.+)$/s, (m) => `${m[2]} gave ${m[1]} to ${m[3] === "公海" ? "the shared pool" : m[3]}`],
  [/^(\d+) 位客户按公海规则转入了公海$/, (m) => `${plural(m[1], "customer", "customers")} moved into the shared pool by its rules`],
  [/^(.+) 点评了：(.+)$/s, (m) => `${m[1]} commented on: ${m[2]}`],
  [/^题目 (.+) 不存在$/s, (m) => `Question ${m[1]} does not exist`],
  [/^(.+)与其他业务员（(.+)）负责的客户重复$/s, (m) => `${dupField(m[1])} matches a customer owned by another rep (${m[2]})`],
  [/^(.+)与已有客户「(.*)」重复（负责人：(.*)）$/s, (m) => `${dupField(m[1])} matches the existing customer "${m[2]}" (owner: ${m[3]})`],
  [/^(.+)与文件第 (\d+) 行重复$/s, (m) => `${dupField(m[1])} repeats row ${m[2]} of the file`],
  [/^尝试次数过多，请 (\d+) 分钟后再试$/, (m) => `Too many attempts. Please try again in ${plural(m[1], "minute", "minutes")}.`],
  [/^登录失败次数过多，请 (\d+) 分钟后再试$/, (m) => `Too many failed sign-ins. Please try again in ${plural(m[1], "minute", "minutes")}.`],
  [/^导入：(.*)$/s, (m) => `Imported from ${m[1]}`],
  [/^与文件第 (\d+) 行重复，已跳过$/s, (m) => `Repeats row ${m[1]} of the file; skipped`],
  [/^(.+)，已跳过$/s, (m) => `${localizeMessage(m[1], "en")}; skipped`],
  [/^「(.*)」被映射到了多列，请只保留一列$/s, (m) => `"${label(m[1])}" is mapped to several columns; keep only one`],
  [/^农历生日无法识别：「(.*)」，请写成如 农历三月初八、闰四月初八$/s, (m) => `Lunar birthday not recognised: "${m[1]}". Write it in Chinese, as the 8th day of the 3rd lunar month or of the leap 4th month is written.`],
];

// ---------------------------------------------------------------- field labels from the UI messages

type Tree = { [k: string]: string | Tree };

function flatten(t: Tree, prefix = "", out = new Map<string, string>()) {
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === "string") out.set(prefix + k, v);
    else flatten(v, `${prefix}${k}.`, out);
  }
  return out;
}

let labels: Map<string, string> | undefined;

/** Chinese UI label → its English, from the same key in messages/en; form field labels (`….fields.…`) first. */
function uiLabels() {
  if (labels) return labels;
  const zh = flatten(Object.assign({}, zhCore, zhCustomer, zhProducts, zhSales, zhTime, zhTraining, zhAdmin) as Tree);
  const en = flatten(Object.assign({}, enCore, enCustomer, enProducts, enSales, enTime, enTraining, enAdmin) as Tree);
  labels = new Map();
  const entries = [...zh].sort(([a], [b]) => Number(!a.includes(".fields.")) - Number(!b.includes(".fields.")));
  for (const [key, text] of entries) {
    const english = en.get(key);
    if (english && !text.includes("{") && !labels.has(text)) labels.set(text, english);
  }
  return labels;
}

const HAN_OR_FULL_WIDTH = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** Whether a text still reads as Chinese (Han characters or full-width punctuation). */
export const looksChinese = (s: string) => HAN_OR_FULL_WIDTH.test(s);

/** A field label inside a message → its English; an unknown one → "This field". */
function label(zh: string): string {
  const en = FIXED[zh] ?? uiLabels().get(zh);
  if (en && !looksChinese(en)) return en;
  return looksChinese(zh) ? "This field" : zh;
}

/** The English of a server message; one with no Chinese in it (zod's own, already English) is kept. An unknown one stays as it is. */
export function toEnglish(message: string): string {
  if (!looksChinese(message)) return message;
  const fixed = FIXED[message];
  if (fixed) return fixed;
  for (const [re, fn] of PATTERNS) {
    const m = message.match(re);
    if (m) return fn(m);
  }
  return uiLabels().get(message) ?? message;
}

/** A message in the user's language: Chinese exactly as written, English translated. */
export function localizeMessage(message: string, locale: Locale): string {
  return locale === DEFAULT_LOCALE ? message : toEnglish(message);
}

/** An action's result with its error and field errors in the user's language (nothing else changes). */
export function localizeState<S extends { error?: string; fieldErrors?: Record<string, string> }>(state: S, locale: Locale): S {
  if (locale === DEFAULT_LOCALE || (!state.error && !state.fieldErrors)) return state;
  const out = { ...state };
  if (typeof state.error === "string") out.error = toEnglish(state.error);
  if (state.fieldErrors) out.fieldErrors = Object.fromEntries(Object.entries(state.fieldErrors).map(([k, v]) => [k, typeof v === "string" ? toEnglish(v) : v]));
  return out;
}
