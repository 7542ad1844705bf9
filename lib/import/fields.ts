/**
 * What a column of an imported file can be: the customer form's fields as a spreadsheet names them. The
 * headers each field is recognised by (Chinese as Excel/WPS exports write them, English as CRMs and phones
 * do) are compared after normalising (lib/import/fields.ts normalizeHeader).
 */
export const IMPORT_FIELDS = {
  name: { label: "客户姓名", headers: ["姓名", "客户姓名", "客户名称", "名字", "联系人", "联系人姓名", "name", "fullname", "customername", "contactname"] },
  kind: { label: "客户类型", headers: ["客户类型", "类型", "kind", "customertype"] },
  companyName: { label: "公司名称", headers: ["公司名称", "公司", "单位", "单位名称", "工作单位", "企业名称", "company", "companyname", "organization", "org"] },
  title: { label: "职务", headers: ["职务", "职位", "头衔", "岗位", "title", "jobtitle", "position"] },
  mobile: { label: "手机", headers: ["手机", "手机号", "手机号码", "移动电话", "mobile", "mobilephone", "cell", "cellphone", "phone"] },
  landline: { label: "座机", headers: ["座机", "电话", "固定电话", "办公电话", "座机号码", "landline", "tel", "telephone", "workphone", "officephone"] },
  email: { label: "邮箱", headers: ["邮箱", "电子邮箱", "电子邮件", "邮件", "邮箱地址", "email", "e-mail", "mail", "emailaddress"] },
  qq: { label: "QQ", headers: ["qq", "qq号", "qq号码"] },
  wechat: { label: "微信", headers: ["微信", "微信号", "wechat", "weixin"] },
  gender: { label: "性别", headers: ["性别", "gender", "sex"] },
  address: { label: "地址", headers: ["地址", "公司地址", "办公地址", "联系地址", "通讯地址", "address"] },
  website: { label: "网址", headers: ["网址", "网站", "主页", "公司网址", "website", "url", "homepage"] },
  introducer: { label: "介绍人", headers: ["介绍人", "推荐人", "introducer", "referrer", "referredby"] },
  source: { label: "认识来源", headers: ["认识来源", "来源", "客户来源", "渠道", "source", "leadsource"] },
  firstImpression: { label: "第一印象", headers: ["第一印象", "firstimpression"] },
  metOn: { label: "认识时间", headers: ["认识时间", "认识日期", "相识时间", "meton", "metdate"] },
  birthday: { label: "生日", headers: ["生日", "出生日期", "出生年月", "阳历生日", "公历生日", "birthday", "birthdate", "dateofbirth", "dob"] },
  lunarBirthday: { label: "农历生日", headers: ["农历生日", "阴历生日", "生日农历", "生日阴历", "lunarbirthday"] },
  weddingAnniversary: { label: "结婚纪念日", headers: ["结婚纪念日", "weddinganniversary", "anniversary"] },
  importantDateNotes: { label: "重要日备注", headers: ["重要日备注", "重要日期备注"] },
  nativePlace: { label: "籍贯", headers: ["籍贯", "nativeplace", "hometown"] },
  maritalStatus: { label: "婚姻状况", headers: ["婚姻状况", "婚否", "maritalstatus"] },
  homeAddress: { label: "家庭地址", headers: ["家庭地址", "家庭住址", "住址", "homeaddress"] },
  idCard: { label: "身份证号", headers: ["身份证", "身份证号", "身份证号码", "idcard", "idnumber"] },
  industry: { label: "行业", headers: ["行业", "所属行业", "industry"] },
  region: { label: "区域", headers: ["区域", "地区", "省份", "region", "province"] },
  city: { label: "城市", headers: ["城市", "所在城市", "city"] },
  circles: { label: "人脉圈", headers: ["人脉圈", "圈子", "circles", "circle"] },
  stage: { label: "客户五级分类", headers: ["客户五级分类", "五级分类", "客户分类", "客户阶段", "stage"] },
  creditGrade: { label: "信用等级", headers: ["信用等级", "信用", "creditgrade"] },
  otherCategory: { label: "其他分类", headers: ["其他分类"] },
  otherGrade: { label: "其他分级", headers: ["其他分级"] },
  personality: { label: "个性描述", headers: ["个性描述", "备注", "说明", "描述", "notes", "note", "remark", "remarks", "description"] },
} as const satisfies Record<string, { label: string; headers: readonly string[] }>;

export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_FIELD_KEYS = Object.keys(IMPORT_FIELDS) as ImportField[];
export const isImportField = (s: unknown): s is ImportField => typeof s === "string" && Object.hasOwn(IMPORT_FIELDS, s);

/** The dictionary behind a field whose values are matched to a dictionary (来源, 行业, 区域, 城市, 人脉圈). */
export const DICTIONARY_FIELDS = { source: "source", industry: "industry", region: "region", city: "city", circles: "circle" } as const;
export type DictionaryField = keyof typeof DICTIONARY_FIELDS;
export type ImportDictionaryKind = (typeof DICTIONARY_FIELDS)[DictionaryField];

/** Lower-case, without spaces, punctuation, required-marks and brackets: 「手机号码 *」→「手机号码」, "E-Mail" → "e-mail". */
export function normalizeHeader(h: string) {
  return h
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s*:：_·.。（）()【】[\]<>《》"'“”‘’]/g, "");
}

const EXACT = new Map<string, ImportField>();
for (const f of IMPORT_FIELD_KEYS) for (const h of IMPORT_FIELDS[f].headers) EXACT.set(normalizeHeader(h), f);
/** Longest first, so 「客户手机号码」 is mobile by 「手机号码」 before anything shorter. */
const CONTAINED = [...EXACT.entries()].filter(([h]) => [...h].length >= 2).sort((a, b) => b[0].length - a[0].length);

/** The field a header names by itself, or null. 「生日(农历)」 is the lunar birthday. */
export function fieldForHeader(header: string): ImportField | null {
  const h = normalizeHeader(header);
  if (!h) return null;
  if (/(农历|阴历)/.test(h) && /生日|出生/.test(h)) return "lunarBirthday";
  const exact = EXACT.get(h);
  if (exact) return exact;
  for (const [k, f] of CONTAINED) if (h.includes(k)) return f;
  return null;
}

/**
 * Column index → field for a header row: the user's remembered choices first (keyed by normalised header),
 * then the built-in names. A field is given to one column only (the first that claims it).
 */
export function autoMapping(headers: string[], remembered: Record<string, string> = {}): Record<string, ImportField> {
  const out: Record<string, ImportField> = {};
  const taken = new Set<string>();
  const claim = (i: number, f: string | null | undefined) => {
    if (!isImportField(f) || taken.has(f) || out[i]) return;
    out[i] = f;
    taken.add(f);
  };
  // a header remembered as "" was set to 不导入 by hand, and stays so
  headers.forEach((h, i) => claim(i, remembered[normalizeHeader(h)]));
  headers.forEach((h, i) => {
    if (!Object.hasOwn(remembered, normalizeHeader(h))) claim(i, fieldForHeader(h));
  });
  return out;
}
