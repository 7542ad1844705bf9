/**
 * Static data of the demo company (DOMAIN.md §4) and the word tables the large-data generator draws
 * from. Everything here is plain data; db/seed/demo.ts turns it into rows.
 */

import { COMMUNICATION_METHODS } from "@/lib/communications";

// ---------------------------------------------------------------- org, people

export type UnitKey = "hq" | "hn" | "sz1" | "sz2" | "hd" | "sh" | "dg";

export const ORG: { key: UnitKey; parent: UnitKey | null; kind: "hq" | "branch" | "department" | "agent"; name: string }[] = [
  { key: "hq", parent: null, kind: "hq", name: "总公司" },
  { key: "hn", parent: "hq", kind: "branch", name: "华南分公司" },
  { key: "sz1", parent: "hn", kind: "department", name: "深圳业务一部" },
  { key: "sz2", parent: "hn", kind: "department", name: "深圳业务二部" },
  { key: "hd", parent: "hq", kind: "branch", name: "华东分公司" },
  { key: "sh", parent: "hd", kind: "department", name: "上海业务部" },
  { key: "dg", parent: "hq", kind: "agent", name: "代理商·东莞" },
];

export const DEMO_PASSWORD = "zhike-demo";

export const USERS: { email: string; name: string; role: "admin" | "gm" | "manager" | "rep" | "agent"; unit: UnitKey; mobile: string }[] = [
  { email: "admin@demo.cn", name: "赵敏", role: "admin", unit: "hq", mobile: "13802550001" },
  { email: "gm@demo.cn", name: "王建国", role: "gm", unit: "hq", mobile: "13802550002" },
  { email: "hn.manager@demo.cn", name: "黄志强", role: "manager", unit: "hn", mobile: "13802550003" },
  { email: "sz1.manager@demo.cn", name: "林海涛", role: "manager", unit: "sz1", mobile: "13802550004" },
  { email: "sz1.rep1@demo.cn", name: "陈晓明", role: "rep", unit: "sz1", mobile: "13802550005" },
  { email: "sz1.rep2@demo.cn", name: "刘雅婷", role: "rep", unit: "sz1", mobile: "13802550006" },
  { email: "sz2.manager@demo.cn", name: "郭振宇", role: "manager", unit: "sz2", mobile: "13802550007" },
  { email: "sz2.rep1@demo.cn", name: "何俊杰", role: "rep", unit: "sz2", mobile: "13802550008" },
  { email: "sh.manager@demo.cn", name: "沈丽华", role: "manager", unit: "sh", mobile: "13802550009" },
  { email: "sh.rep1@demo.cn", name: "徐磊", role: "rep", unit: "sh", mobile: "13802550010" },
  { email: "dg.agent1@demo.cn", name: "叶国华", role: "agent", unit: "dg", mobile: "13802550011" },
];

/** Who reviews whose plans and summaries (审核): a rep's unit manager, a manager's superior. */
export const REVIEWER: Record<string, string> = {
  "sz1.rep1@demo.cn": "sz1.manager@demo.cn",
  "sz1.rep2@demo.cn": "sz1.manager@demo.cn",
  "sz2.rep1@demo.cn": "sz2.manager@demo.cn",
  "sh.rep1@demo.cn": "sh.manager@demo.cn",
  "dg.agent1@demo.cn": "gm@demo.cn",
  "sz1.manager@demo.cn": "hn.manager@demo.cn",
  "sz2.manager@demo.cn": "hn.manager@demo.cn",
  "sh.manager@demo.cn": "gm@demo.cn",
  "hn.manager@demo.cn": "gm@demo.cn",
};

/** Individual customers each owner holds besides company customers and their contacts. */
export const BOOK: Record<string, { individuals: number; cities: string[] }> = {
  "sz1.rep1@demo.cn": { individuals: 16, cities: ["深圳", "深圳", "东莞", "广州"] },
  "sz1.rep2@demo.cn": { individuals: 14, cities: ["深圳", "深圳", "佛山", "广州"] },
  "sz2.rep1@demo.cn": { individuals: 9, cities: ["深圳", "广州", "佛山"] },
  "sh.rep1@demo.cn": { individuals: 9, cities: ["上海", "上海", "杭州", "苏州", "南京"] },
  "dg.agent1@demo.cn": { individuals: 8, cities: ["东莞", "东莞", "深圳"] },
  "sz1.manager@demo.cn": { individuals: 2, cities: ["深圳"] },
  "sh.manager@demo.cn": { individuals: 2, cities: ["上海"] },
};

// ---------------------------------------------------------------- dictionaries

export const DICTIONARIES = {
  source: ["朋友介绍", "老客户转介绍", "展会", "网络推广", "陌生拜访", "电话营销", "活动/讲座", "其他"],
  industry: ["制造业", "房地产", "金融保险", "教育培训", "医疗健康", "互联网", "批发零售", "建筑工程", "物流运输", "餐饮酒店"],
  region: ["华南", "华东", "华北", "华中", "西南"],
  circle: ["校友会", "商会", "高尔夫球友", "读书会", "家长群", "老乡会"],
  credit_grade: ["AAA", "AA", "A", "B", "C"],
  payment_method: ["银行转账", "现金", "支票", "分期付款", "微信/支付宝"],
  plan_category: ["客户拜访", "电话跟进", "内部会议", "学习培训", "报表总结"],
  product_category: ["硬件设备", "软件系统", "培训服务", "耗材配件"],
  other_category: ["重点客户", "普通客户", "政府/事业单位"],
  other_grade: ["一星", "二星", "三星"],
} as const;

export const CITIES: Record<string, string[]> = {
  华南: ["深圳", "广州", "东莞", "佛山"],
  华东: ["上海", "杭州", "苏州", "南京"],
  华北: ["北京", "天津"],
  华中: ["武汉", "长沙"],
  西南: ["成都", "重庆"],
};

/** Streets per city for business and home addresses, and the landline area code. */
export const CITY_INFO: Record<string, { area: string; streets: string[]; homes: string[] }> = {
  深圳: { area: "0755", streets: ["南山区科技园科苑路", "福田区深南大道", "宝安区西乡大道", "龙岗区坂田五和大道", "龙华区民治大道"], homes: ["南山区华润城", "福田区香蜜湖", "宝安区碧海花园", "龙岗区万科城"] },
  广州: { area: "020", streets: ["天河区珠江新城华夏路", "番禺区市桥环城路", "黄埔区科学大道", "白云区机场路"], homes: ["天河区华景新城", "番禺区祈福新邨", "海珠区江南西"] },
  东莞: { area: "0769", streets: ["长安镇振安路", "松山湖工业东路", "虎门镇连升路", "南城区鸿福路"], homes: ["南城区万科城市高尔夫", "东城区星河城"] },
  佛山: { area: "0757", streets: ["顺德区容桂工业大道", "南海区桂城南海大道", "禅城区季华路"], homes: ["顺德区碧桂园", "南海区千灯湖"] },
  上海: { area: "021", streets: ["浦东新区张江高科碧波路", "闵行区莘庄工业区", "徐汇区漕河泾宜山路", "静安区南京西路"], homes: ["浦东新区联洋社区", "闵行区古美路", "徐汇区田林"] },
  杭州: { area: "0571", streets: ["滨江区网商路", "余杭区文一西路", "萧山区市心路"], homes: ["西湖区文三路", "滨江区江南大道"] },
  苏州: { area: "0512", streets: ["工业园区星湖街", "吴中区木渎金枫路", "昆山市前进路"], homes: ["工业园区金鸡湖", "姑苏区平江路"] },
  南京: { area: "025", streets: ["江宁区胜太路", "建邺区江东中路", "玄武区珠江路"], homes: ["鼓楼区颐和路", "建邺区奥体"] },
  北京: { area: "010", streets: ["海淀区中关村大街", "朝阳区建国路", "亦庄经济开发区荣华路"], homes: ["朝阳区望京", "海淀区五道口"] },
  天津: { area: "022", streets: ["滨海新区第三大街", "南开区鞍山西道"], homes: ["河西区梅江", "南开区水上公园"] },
  武汉: { area: "027", streets: ["东湖高新光谷大道", "江汉区建设大道"], homes: ["武昌区中北路", "洪山区光谷"] },
  长沙: { area: "0731", streets: ["岳麓区麓谷大道", "芙蓉区五一大道"], homes: ["雨花区洞井", "岳麓区梅溪湖"] },
  成都: { area: "028", streets: ["高新区天府大道", "武侯区人民南路"], homes: ["高新区美年广场", "锦江区东大街"] },
  重庆: { area: "023", streets: ["渝北区金开大道", "九龙坡区科园一路"], homes: ["江北区观音桥", "渝中区解放碑"] },
};

// ---------------------------------------------------------------- grades, settings, processes

export const VALUE_GRADES = [
  { code: "A", label: "A 类（重要价值）", minRevenue: "500000.00" },
  { code: "B", label: "B 类（较高价值）", minRevenue: "100000.00" },
  { code: "C", label: "C 类（一般价值）", minRevenue: "20000.00" },
  { code: "D", label: "D 类（低价值）", minRevenue: "0.00" },
];

export const FORGETTING_CURVE_DAYS = [1, 2, 4, 7, 15, 30, 60, 90, 180];

export const DEFAULT_PROCESS = { name: "标准销售流程", description: "适用于大多数产品和项目的八步销售流程（默认）" };
export const DEFAULT_STAGES: [string, number][] = [
  ["初次接触", 10],
  ["兴趣激发", 20],
  ["会见决策者", 30],
  ["确定需求", 40],
  ["产品演示", 50],
  ["递交建议书", 60],
  ["口头同意", 80],
  ["签约", 100],
];

/** A product-specific process (流程按产品定义): the ERP project with its survey and pilot. */
export const ERP_PROCESS = { name: "ERP 项目流程", description: "软件项目：需求调研、试点验证后再谈商务" };
export const ERP_STAGES: [string, number][] = [
  ["需求调研", 10],
  ["方案设计", 30],
  ["试点验证", 50],
  ["商务谈判", 70],
  ["签约", 100],
];

// ---------------------------------------------------------------- products, FAB, advantage analysis

export type ProductKey = "zk3000" | "erp" | "water" | "training" | "printer" | "consumables";

type FabChain = [feature: string, advantage: string, benefit: string];

export const PRODUCTS: {
  key: ProductKey;
  name: string;
  category: string;
  price: string;
  unit: string;
  description: string;
  /** Typical quantity bought in one deal [min, max]. */
  qty: [number, number];
  fab: Record<string, FabChain[]>;
  /** [competitor, dimension, own score, competitor score, weight, note] */
  advantage: [string, string, number, number, number, string | null][];
}[] = [
  {
    key: "zk3000",
    name: "智能考勤门禁一体机 ZK-3000",
    category: "硬件设备",
    price: "2680.00",
    unit: "台",
    description: "人脸 + 指纹 + 刷卡三合一，支持 3000 人脸库，断网本地存储，云端同步考勤。",
    qty: [5, 80],
    fab: {
      工厂: [
        ["人脸识别 0.3 秒通行，戴安全帽也能识别", "上下班高峰不排队，门口不再堵成长龙", "500 人的工厂每天节省约 40 分钟排队工时，一年省下的工资够买十台"],
        ["断网时本地存储 10 万条记录", "网络故障也不丢考勤", "月底算工资不再因为缺卡和员工扯皮"],
        ["活体检测，照片和视频骗不过", "杜绝代打卡", "考勤公平，老实干活的员工心里服气"],
      ],
      写字楼: [
        ["与访客系统、电梯联动", "访客扫码即可到达指定楼层", "前台少一个岗位，来访客户第一印象更专业"],
        ["手机 App 远程开门、查看记录", "行政不用守在门口", "管理人员把时间花在更重要的事情上"],
      ],
    },
    advantage: [
      ["某品牌 A", "识别速度", 9, 7, 3, "实测 0.3 秒 vs 0.8 秒"],
      ["某品牌 A", "价格", 7, 8, 2, "单价高约 8%，但含三年保修"],
      ["某品牌 A", "售后服务", 9, 6, 3, "本地 4 小时上门"],
      ["某品牌 A", "软件对接", 8, 5, 2, "开放 API，可对接主流 ERP 和工资系统"],
      ["某品牌 D", "识别速度", 9, 8, 3, null],
      ["某品牌 D", "价格", 7, 9, 2, "低端机型价格战"],
      ["某品牌 D", "售后服务", 9, 5, 3, "只有电话支持"],
    ],
  },
  {
    key: "erp",
    name: "知行 ERP 企业版",
    category: "软件系统",
    price: "168000.00",
    unit: "套",
    description: "面向 50–500 人制造企业的进销存、生产、财务一体化系统，本地化实施与培训。",
    qty: [1, 1],
    fab: {
      制造企业老板: [
        ["生产、库存、财务一套数据", "老板随时在手机上看到当天的出货和回款", "决策不再等月底报表，资金周转天数平均缩短 12 天"],
        ["订单交期自动推算", "接单时就知道能不能按时交货", "少接做不出来的单，客户投诉和罚款明显减少"],
        ["分厂、仓库统一管理", "跨厂调货一目了然", "库存资金占用下降，旺季也不缺料"],
      ],
      财务主管: [
        ["自动生成凭证与税务报表", "月结从 5 天缩短到 1 天", "财务团队不用加班，也少了人工出错的风险"],
        ["应收账款账龄预警", "逾期回款自动提醒业务员", "坏账减少，现金流更健康"],
      ],
    },
    advantage: [
      ["某国际品牌 ERP", "价格", 8, 4, 3, "总拥有成本约为其三分之一"],
      ["某国际品牌 ERP", "实施周期", 8, 5, 2, "3 个月上线 vs 8 个月"],
      ["某国际品牌 ERP", "本地化服务", 9, 6, 3, "驻场实施顾问"],
      ["某国际品牌 ERP", "功能深度", 7, 9, 2, "复杂集团财务不如对手"],
      ["某开源 ERP", "稳定性", 8, 6, 3, "有商业支持的版本管理"],
      ["某开源 ERP", "售后响应", 9, 4, 3, "7×12 小时热线"],
      ["某开源 ERP", "二次开发", 7, 8, 1, "对手源码开放，改造更自由"],
    ],
  },
  {
    key: "water",
    name: "清源商用净水器 QY-800",
    category: "硬件设备",
    price: "6980.00",
    unit: "台",
    description: "RO 反渗透，每小时出水 800 升，适合写字楼、学校、餐厅。含首年滤芯与上门维护。",
    qty: [3, 40],
    fab: {
      学校: [
        ["五级过滤，出水达直饮标准", "学生直接饮用，不用再搬桶装水", "家长放心，学校少了桶装水的采购和管理麻烦"],
        ["滤芯到期自动提醒、上门更换", "后勤老师不用操心维护", "水质始终达标，检查时拿得出记录"],
      ],
      餐厅: [
        ["每小时 800 升大流量", "高峰期煲汤、泡茶不断水", "出品口味稳定，回头客更多"],
        ["软化水质，减少水垢", "蒸柜、咖啡机不易结垢", "设备寿命延长，维修费用下降"],
      ],
    },
    advantage: [
      ["某品牌 B", "出水量", 9, 7, 2, null],
      ["某品牌 B", "滤芯成本", 7, 6, 2, "年滤芯费用低约 15%"],
      ["某品牌 B", "维护服务", 9, 5, 3, "含首年上门维护"],
      ["某品牌 B", "外观与占地", 6, 8, 1, "体积略大"],
    ],
  },
  {
    key: "training",
    name: "金牌销售实战训练营",
    category: "培训服务",
    price: "3800.00",
    unit: "人",
    description: "两天一夜线下集训：客户识别、FAB 陈述、异议处理、人脉营销，含三个月线上辅导。",
    qty: [8, 60],
    fab: {
      销售团队: [
        ["以企业真实客户做案例演练", "学完第二天就能用在自己的客户身上", "三个月内团队平均成交率提升，培训费用很快赚回来"],
        ["三个月线上辅导和作业点评", "方法真正变成每天的动作", "不再是听课时激动、回去一动不动"],
      ],
      新入职业务员: [
        ["配套 CRM 练习任务", "把方法变成每天的动作", "新人更快开单，流失率降低"],
        ["老销售一对一带教", "少走弯路，少丢客户", "公司培养一个合格业务员的周期缩短一半"],
      ],
    },
    advantage: [
      ["某培训机构", "实战性", 9, 6, 3, "用学员自己的客户演练"],
      ["某培训机构", "价格", 7, 7, 2, null],
      ["某培训机构", "后续辅导", 9, 4, 3, "三个月线上辅导"],
      ["某培训机构", "讲师资历", 8, 8, 2, null],
    ],
  },
  {
    key: "printer",
    name: "工业级标签打印机 LP-200",
    category: "硬件设备",
    price: "4580.00",
    unit: "台",
    description: "300dpi 热转印，支持二维码追溯，可对接 ERP 自动打印物料标签。",
    qty: [2, 30],
    fab: {
      仓库主管: [
        ["与 ERP 对接自动打印", "入库扫码即出标签", "仓库差错率下降，盘点时间减半"],
        ["耐高温防刮标签", "标签在车间环境下一年不掉不糊", "追溯不断链，客户审核顺利通过"],
      ],
      品质经理: [
        ["二维码记录批次和工序", "出问题时一扫就知道哪一批", "召回范围从整月缩小到一个批次，损失大幅减少"],
        ["打印模板集中管理", "各车间标签格式统一", "客户验厂时看到的是规范的现场"],
      ],
    },
    advantage: [
      ["某品牌 C", "打印速度", 8, 8, 2, null],
      ["某品牌 C", "耗材价格", 8, 6, 2, "碳带通用，价格透明"],
      ["某品牌 C", "系统对接", 9, 5, 3, "自带 ERP 插件"],
    ],
  },
  {
    key: "consumables",
    name: "考勤卡与标签耗材包",
    category: "耗材配件",
    price: "960.00",
    unit: "箱",
    description: "IC 考勤卡 500 张或标签碳带 10 卷一箱，老客户复购。",
    qty: [5, 60],
    fab: {
      行政采购: [
        ["按季度自动补货", "不用每次临时找供应商", "从不断货，采购流程省事"],
        ["与设备同品牌保证兼容", "不卡卡、不糊标签", "少了设备故障和维修的麻烦"],
      ],
    },
    advantage: [
      ["电商散货", "兼容性", 9, 5, 3, "原厂匹配"],
      ["电商散货", "价格", 6, 9, 2, "散货便宜约 30%"],
      ["电商散货", "配送", 8, 7, 1, null],
    ],
  },
];

/**
 * Chains and analyses added to the catalogue later: chains written for 个人客户 / 单位客户 (the two kinds
 * of customer of §2.1) and a second competitor where the lesson's 维持现状 (doing nothing) is the real
 * rival. demo.ts draws their ids from a PRNG of their own, so every other row of the company stays as it was.
 */
export const CATALOG_ADDITIONS: Partial<Record<ProductKey, { fab?: Record<string, FabChain[]>; advantage?: (typeof PRODUCTS)[number]["advantage"] }>> = {
  water: {
    fab: {
      个人客户: [
        ["机身只占 0.3 平方米，可装在吧台下", "小店不用另外腾地方", "不占一张桌位，每天还能多做几单生意"],
        ["可分 12 期付款，月供不到 600 元", "不用一次拿出近 7000 元", "现金留着进货周转，小本生意压力小"],
      ],
      单位客户: [
        ["每台附第三方水质检测报告，每年免费复检一次", "卫生检查时随时拿得出凭证", "负责人不用再为饮水安全担责任"],
        ["多台设备统一在手机上查看滤芯寿命", "后勤一个人就能管好全楼的饮水机", "少请一个人，换滤芯也不会漏掉哪一台"],
      ],
    },
    advantage: [
      ["桶装水（维持现状）", "长期成本", 8, 4, 3, "按每天 40 桶算，桶装水一年约 4.4 万元；净水器加滤芯约 1.2 万元"],
      ["桶装水（维持现状）", "卫生安全", 8, 6, 3, "桶装水开封后易二次污染，饮水机内胆要定期清洗"],
      ["桶装水（维持现状）", "取水便利", 9, 5, 2, "不用搬桶、等送水"],
      ["桶装水（维持现状）", "初期投入", 5, 9, 2, "需一次投入 6980 元，可分 12 期"],
    ],
  },
  training: {
    fab: {
      个人客户: [
        ["个人可单独报名，周末开班", "不用等公司统一安排，也不耽误工作日跑客户", "学到的方法用在自己的客户身上，一两个月的提成就能把学费赚回来"],
        ["结业进入往届学员的人脉群", "认识各行各业的优秀业务员", "多一批能互相介绍客户的朋友"],
      ],
      单位客户: [["20 人以上可包班到企业内训", "案例全部换成本企业的产品和客户", "团队一次学完、统一话术，人均费用还更低"]],
    },
    advantage: [
      ["网课与自学", "实战性", 9, 4, 3, "网课没有针对学员客户的演练"],
      ["网课与自学", "后续辅导", 9, 3, 3, "三个月线上辅导和作业点评"],
      ["网课与自学", "价格", 6, 9, 2, "网课一般几百元"],
      ["网课与自学", "时间灵活", 5, 9, 1, "训练营需要空出一个周末"],
    ],
  },
};

/** A product's name without its model code, as people say it: 智能考勤门禁一体机, 知行 ERP 企业版. */
export const productShort = (name: string) => name.replace(/\s+[A-Z]{2}-\d+$/, "");

// ---------------------------------------------------------------- company customers

export type CompanySpec = {
  owner: string;
  name: string;
  domain: string;
  industry: string;
  city: string;
  size: string;
  stage: "potential" | "target" | "prospect" | "closed" | "loyal";
  credit: string | null;
  /** Won deals: [product, quantity, months ago closed]. */
  won?: [ProductKey, number, number][];
  contacts: [name: string, title: string, gender: "male" | "female"][];
};

export const COMPANIES: CompanySpec[] = [
  {
    owner: "sz1.rep1@demo.cn", name: "深圳华强精密电子有限公司", domain: "hqpe.com.cn", industry: "制造业", city: "深圳", size: "500–1000 人", stage: "loyal", credit: "AAA",
    won: [["erp", 1, 15], ["zk3000", 200, 4], ["consumables", 40, 1]],
    contacts: [["张伟", "行政总监", "male"], ["吴秀英", "财务总监", "female"], ["罗振华", "IT 主管", "male"]],
  },
  {
    owner: "sz1.rep1@demo.cn", name: "深圳鹏程物流有限公司", domain: "pclogistics.cn", industry: "物流运输", city: "深圳", size: "200–500 人", stage: "closed", credit: "AA",
    won: [["zk3000", 45, 7]],
    contacts: [["梁国庆", "总经理", "male"], ["谢婷婷", "人事经理", "female"]],
  },
  {
    owner: "sz1.rep1@demo.cn", name: "东莞恒信实业有限公司", domain: "hengxin-dg.com", industry: "制造业", city: "东莞", size: "1000 人以上", stage: "prospect", credit: "A",
    contacts: [["曾德胜", "董事长", "male"], ["彭美玲", "采购经理", "female"], ["袁建军", "生产经理", "male"]],
  },
  {
    owner: "sz1.rep1@demo.cn", name: "深圳启明教育科技有限公司", domain: "qiming-edu.cn", industry: "教育培训", city: "深圳", size: "50–200 人", stage: "target", credit: null,
    contacts: [["宋佳琪", "校长", "female"], ["唐浩然", "行政主管", "male"]],
  },
  {
    owner: "sz1.rep2@demo.cn", name: "广州瑞丰地产集团", domain: "ruifeng-group.com", industry: "房地产", city: "广州", size: "1000 人以上", stage: "loyal", credit: "AAA",
    won: [["water", 45, 9], ["water", 50, 5], ["training", 60, 2]],
    contacts: [["冯永强", "行政副总", "male"], ["邓丽华", "采购总监", "female"], ["曹子涵", "培训经理", "female"]],
  },
  {
    owner: "sz1.rep2@demo.cn", name: "深圳嘉禾医疗器械有限公司", domain: "jiahe-med.cn", industry: "医疗健康", city: "深圳", size: "200–500 人", stage: "prospect", credit: "A",
    contacts: [["肖文博", "总经理", "male"], ["田雨欣", "品质经理", "female"]],
  },
  {
    owner: "sz1.rep2@demo.cn", name: "佛山永泰建设工程有限公司", domain: "yongtai-fs.com", industry: "建筑工程", city: "佛山", size: "500–1000 人", stage: "potential", credit: null,
    contacts: [["董振华", "项目经理", "male"], ["潘春梅", "行政主管", "female"]],
  },
  {
    owner: "sz2.rep1@demo.cn", name: "深圳中远餐饮管理有限公司", domain: "zy-catering.cn", industry: "餐饮酒店", city: "深圳", size: "200–500 人", stage: "closed", credit: "AA",
    won: [["water", 18, 3]],
    contacts: [["蒋海燕", "总经理", "female"], ["蔡宇航", "门店运营经理", "male"]],
  },
  {
    owner: "sz2.rep1@demo.cn", name: "深圳天诚科技股份有限公司", domain: "tiancheng-tech.com", industry: "互联网", city: "深圳", size: "50–200 人", stage: "target", credit: "B",
    contacts: [["余晓东", "CTO", "male"], ["杜欣怡", "HRD", "female"]],
  },
  {
    owner: "sh.rep1@demo.cn", name: "上海新亚金融信息服务有限公司", domain: "xinya-fin.com", industry: "金融保险", city: "上海", size: "200–500 人", stage: "loyal", credit: "AAA",
    won: [["training", 30, 20], ["training", 45, 8], ["zk3000", 60, 2]],
    contacts: [["魏建华", "总经理", "male"], ["吕淑珍", "人力资源总监", "female"]],
  },
  {
    owner: "sh.rep1@demo.cn", name: "苏州百川精密制造有限公司", domain: "baichuan-sz.com", industry: "制造业", city: "苏州", size: "500–1000 人", stage: "prospect", credit: "AA",
    contacts: [["丁志强", "厂长", "male"], ["任红梅", "财务经理", "female"]],
  },
  {
    owner: "dg.agent1@demo.cn", name: "东莞金盛五金制品有限公司", domain: "jinsheng-hw.com", industry: "制造业", city: "东莞", size: "200–500 人", stage: "closed", credit: "A",
    won: [["zk3000", 30, 6]],
    contacts: [["姚德胜", "老板", "male"], ["卢丽", "行政经理", "female"]],
  },
  {
    owner: "sz1.manager@demo.cn", name: "深圳锦程批发贸易有限公司", domain: "jincheng-trade.cn", industry: "批发零售", city: "深圳", size: "50–200 人", stage: "closed", credit: "B",
    won: [["printer", 12, 10]],
    contacts: [["钟建国", "总经理", "male"], ["谭芳", "仓储主管", "female"]],
  },
];

// ---------------------------------------------------------------- names and words

export const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split("");
/** Two-character surnames, rarer. */
export const COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方"];
export const GIVEN_MALE = [
  "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "斌", "波", "建华", "志强", "晓东", "文博", "宇航", "浩然",
  "俊杰", "国庆", "建军", "振华", "德胜", "永强", "家豪", "子轩", "伟民", "海波", "晓峰", "立新", "国栋", "锦程", "思远", "嘉诚",
];
export const GIVEN_FEMALE = [
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "秀英", "桂英", "海燕", "婷婷", "子涵", "欣怡", "佳琪", "雨欣", "红梅", "丽华",
  "春梅", "美玲", "淑珍", "晓燕", "雅琴", "慧敏", "诗涵", "梦瑶", "思琪", "晓丽", "文静", "秋月",
];

export const COMPANY_PREFIX = ["深圳", "广州", "东莞", "佛山", "上海", "杭州", "苏州", "南京", "北京", "武汉", "成都", "天津", "长沙", "重庆"];
export const COMPANY_CORE = [
  "华强", "鹏程", "海纳", "恒信", "宏达", "金盛", "瑞丰", "新亚", "永泰", "中远", "天诚", "百川", "嘉禾", "鑫源", "正和", "联创", "锦程", "启明",
  "万通", "华信", "东方", "盛世", "汇丰", "博雅", "科达", "广源", "腾达", "众诚", "德力", "华美", "长青", "凯越", "安泰", "宝丰", "晨光", "明德",
];
export const COMPANY_SUFFIX = [
  "电子有限公司", "精密制造有限公司", "科技股份有限公司", "实业有限公司", "物流有限公司", "地产集团", "教育科技有限公司", "医疗器械有限公司",
  "餐饮管理有限公司", "建设工程有限公司", "贸易有限公司", "信息技术有限公司", "五金制品有限公司", "服饰有限公司", "食品有限公司",
];
/** Industry label for a company suffix, so that generated companies are classified plausibly. */
export const SUFFIX_INDUSTRY: Record<string, string> = {
  电子有限公司: "制造业", 精密制造有限公司: "制造业", 科技股份有限公司: "互联网", 实业有限公司: "制造业", 物流有限公司: "物流运输",
  地产集团: "房地产", 教育科技有限公司: "教育培训", 医疗器械有限公司: "医疗健康", 餐饮管理有限公司: "餐饮酒店", 建设工程有限公司: "建筑工程",
  贸易有限公司: "批发零售", 信息技术有限公司: "互联网", 五金制品有限公司: "制造业", 服饰有限公司: "批发零售", 食品有限公司: "制造业",
};
export const COMPANY_SIZES = ["20–50 人", "50–200 人", "200–500 人", "500–1000 人", "1000 人以上"];
export const TITLES = ["总经理", "副总经理", "采购经理", "采购总监", "行政主管", "厂长", "财务总监", "人事经理", "IT 主管", "董事长", "生产经理", "店长", "老板", "项目经理"];
export const MAIL_HOSTS = ["163.com", "qq.com", "126.com", "foxmail.com", "sina.com", "139.com"];

export const IMPRESSIONS = [
  "说话干脆利落，重视数据，第一次见面就问了交付周期。",
  "很热情，主动加了微信，喜欢聊孩子的教育。",
  "比较谨慎，问得很细，需要多给案例和证明材料。",
  "在展会上停留很久，对演示很感兴趣，名片上手写了私人手机。",
  "老客户介绍来的，信任度高，但决策要经过董事会。",
  "年轻有冲劲，懂技术，喜欢直接看参数对比。",
  "话不多，但听得很认真，临走时约了下次到厂里看看。",
  "穿着讲究，办公室里摆满了茶具，聊茶比聊产品投入。",
  "第一次见面迟到了二十分钟，连声道歉，人很实在。",
  "戴眼镜，说话慢条斯理，记了满满一页笔记。",
];
export const PERSONALITIES = [
  "喜欢打高尔夫，周末常去观澜；不喝白酒，只喝茶（偏爱单丛）。",
  "讨厌迟到，约见一定要提前到；沟通喜欢先看书面材料。",
  "孝顺，母亲住在老家潮州，逢年过节要回去；喜欢聊家乡菜。",
  "爱读历史书，最近在看《明朝那些事儿》；微信回复慢，重要事打电话。",
  "性格直爽，不喜欢绕弯子；对价格敏感，但更看重售后。",
  "女儿在读高三，最近压力大；忌讳在饭桌上谈生意。",
  "跑马拉松，每年参加深圳马拉松；早上 7 点前不接电话。",
  "信佛，吃素，初一十五不安排应酬；喜欢收藏紫砂壶。",
  "球迷，支持广州队；周末常带儿子踢球，可以聊足球破冰。",
  "做事讲流程，所有报价都要走邮件；不喜欢被频繁电话打扰。",
];
export const IMPORTANT_DATE_NOTES = ["每年春节前寄一份家乡特产", "生日喜欢收到手写贺卡", "结婚纪念日会带太太去吃西餐", "孩子六月高考，考前别打扰"];
export const NATIVE_PLACES: [place: string, idRegion: string][] = [
  ["广东潮州", "445102"], ["湖南长沙", "430102"], ["江西赣州", "360702"], ["四川成都", "510104"], ["湖北武汉", "420102"],
  ["福建泉州", "350502"], ["浙江温州", "330302"], ["河南信阳", "411502"], ["广西桂林", "450302"], ["江苏南通", "320602"],
  ["广东梅州", "441402"], ["山东潍坊", "370702"],
];
export const INTRODUCER_TEXTS = ["同学聚会上认识的陈总（非客户）", "商会秘书长许会长", "前同事小周", "表哥介绍", "行业协会的刘老师", "高尔夫球友老孙"];
export const CUSTOM_DATES: [label: string, notes: string][] = [
  ["公司周年庆", "提前一周送花篮"],
  ["孩子高考", "考后问候，别在考前打扰"],
  ["父亲七十大寿", "准备一份寿礼"],
  ["乔迁纪念", ""],
  ["新厂开业", "可以借机介绍分厂方案"],
  ["入行二十周年", "客户很看重，发条走心的祝福"],
];

// ---------------------------------------------------------------- communications

/** [topic, purpose, summary, needs insight]; {产品} {公司} {称呼} are filled in per customer. */
export type CommTemplate = [topic: string, purpose: string, summary: string, needs: string];

export const COMMS_BY_STAGE: Record<"potential" | "target" | "prospect" | "closed" | "loyal", CommTemplate[]> = {
  potential: [
    ["初次电话沟通", "了解客户现状，争取见面", "第一次电话，{称呼}说最近比较忙，但对{产品}有点印象，同意先发一份资料看看。", "还没有明确需求，先保持联系，按渐忘曲线跟进。"],
    ["展会交换名片", "建立联系", "在展会上交换了名片，简单介绍了{产品}，{称呼}说公司今年有预算调整，明年再看。", "关注点在成本，下次可以带同行案例。"],
    ["添加微信", "建立日常联系渠道", "加了微信，发了公司介绍和{产品}的短视频，{称呼}回复了一个点赞。", "先做朋友，不急着推销。"],
  ],
  target: [
    ["上门拜访", "了解需求，认识更多相关人", "到{公司}拜访，{称呼}带我参观了现场，提到现在的管理方式有不少麻烦，对{产品}表示有兴趣。", "痛点是管理效率，需要找到真正拍板的人。"],
    ["电话跟进资料", "确认资料是否看过", "{称呼}看过资料，问了价格区间和交付周期，说要和老板商量一下。", "决策人不是他，要争取见老板。"],
    ["发送同行案例", "用案例建立信任", "发了两家同行客户的使用案例，{称呼}很感兴趣，问能不能去现场参观。", "对案例敏感，安排参观老客户是推进的好办法。"],
    ["节日问候", "维护关系", "中秋前送去月饼，顺便聊了聊孩子升学的事，{称呼}很高兴，说下个月有新项目要找我聊。", "关系到位后客户会主动提供新机会。"],
  ],
  prospect: [
    ["产品演示", "现场演示，见到决策人", "在{公司}演示{产品}，老板亲自试用了三次，很满意，当场问了批量价格和安装时间。", "老板关心投资回报，财务关心付款方式。"],
    ["方案沟通", "根据需求调整方案和报价", "{称呼}希望分两期实施，先上总部再上分厂；对报价没有提出异议，但问了付款方式能否分期。", "资金安排是关键顾虑，可以提供分期方案。"],
    ["技术交流会", "确认对接细节", "与{公司} IT 部门确认了接口方式，需要对接现有系统；我们答应出一份对接说明。", "技术障碍已基本扫清，剩下商务条款。"],
    ["递交建议书", "正式提交方案和报价", "把建议书和报价单当面交给{称呼}，逐页讲解，{称呼}说下周开会决定。", "竞品也在报价，要强调售后和本地服务。"],
    ["合同细节确认", "敲定合同条款", "确认了交货时间和验收标准，{称呼}要求延长保修到两年，已请示经理同意。", "客户看重售后保障，可以作为后续增购的卖点。"],
  ],
  closed: [
    ["安装验收", "确保顺利交付", "{产品}安装完毕，和{称呼}一起验收，现场员工反馈操作简单。", "交付体验好，是请他转介绍的好时机。"],
    ["售后回访", "了解使用情况，寻找增购机会", "回访使用情况，运行稳定；{称呼}提到明年扩建，可能还要增购。", "老客户增购机会，要提前做好方案。"],
    ["请求转介绍", "让满意的客户介绍新客户", "请{称呼}介绍同行朋友，他当场推荐了商会里的两位老板，答应帮忙约饭。", "客户愿意介绍，要及时反馈结果并感谢。"],
  ],
  loyal: [
    ["年度回访", "维护关系，了解新一年计划", "年度回访，{称呼}对服务很满意，分享了公司新一年的扩张计划，邀请我们参与新厂项目。", "忠诚客户，要安排经理一起拜访，提升关系层级。"],
    ["生日祝福", "维护关系", "{称呼}生日，送了一盒他喜欢的单丛茶，聊了半小时家常。", "关系稳固，适合请他参加客户答谢会。"],
    ["增购洽谈", "推动复购", "{称呼}主动联系要增购{产品}，希望价格按老客户政策，已报经理审批。", "复购决策快，重点是及时响应和老客户优惠。"],
    ["客户答谢会邀请", "加深关系", "邀请{称呼}参加年底客户答谢会，他答应出席并愿意上台分享使用体会。", "可以请他做案例，带动新客户。"],
  ],
};

export const COMM_METHODS = COMMUNICATION_METHODS;

// ---------------------------------------------------------------- deals

export const DISCOUNTS: [text: string, factor: number][] = [
  ["无优惠", 1],
  ["九五折", 0.95],
  ["九折", 0.9],
  ["批量价九二折", 0.92],
  ["赠送两年维保", 1],
  ["免费安装调试", 1],
];
export const SUCCESS_REASONS = [
  "决策人亲自试用后认可识别速度，加上本地 4 小时上门服务的承诺。",
  "老客户转介绍，信任度高；用同行案例打消了顾虑。",
  "提供分期付款方案，解决了客户的资金顾虑。",
  "比竞品更早见到决策人，需求挖得深，方案贴合。",
  "按渐忘曲线持续跟进半年，客户预算下来时第一个想到我们。",
];
export const FAILURE_REASONS = [
  "价格高于竞品约 20%，客户预算不足，没能说服老板看总成本。",
  "一直在和采购沟通，没有见到真正的决策人。",
  "跟进间隔太长，竞品在我们之前递交了方案。",
  "客户内部组织调整，项目被搁置。",
  "技术对接要求超出产品能力，需要定制开发。",
];
export const LESSONS = [
  "尽早见到决策人，用同行案例说话。",
  "报价前先确认预算与付款方式，避免白白报价。",
  "按渐忘曲线保持接触，不给竞品留空档。",
  "演示前先做需求调研，演示内容只讲客户关心的三点。",
  "转介绍来的客户成交快，要善待介绍人并及时反馈。",
];

// ---------------------------------------------------------------- time management, messaging

export const PLAN_TEMPLATES: Record<"day" | "week" | "month" | "quarter" | "year", [subject: string, content: string][]> = {
  day: [
    ["今日拜访与电话跟进", "上午拜访两位准客户，下午电话跟进 8 位目标客户，晚上整理交流记录。"],
    ["演示准备与报价", "准备明天的产品演示资料，核对报价单和合同模板。"],
  ],
  week: [
    ["本周推进三个准客户", "重点推进三家准客户到递交建议书阶段；电话跟进 20 位潜在客户；参加周五部门例会。"],
    ["本周客户回访", "回访上月成交的 5 位客户，请其中 2 位转介绍。"],
  ],
  month: [
    ["本月销售目标 30 万", "成交 4 单，新增目标客户 15 位；完成 FAB 课程练习；整理本月客户价值分级。"],
    ["本月展会与老客户维护", "参加深圳国际工业展，收集 50 张名片并在一周内完成首次跟进；老客户生日全部送上祝福。"],
  ],
  quarter: [["第四季度冲刺计划", "季度目标 90 万：重点盯 ERP 项目两个、考勤批量采购三个；每月一次老客户答谢活动。"]],
  year: [["年度大客户维护计划", "锁定 10 家 A 类客户，每家每季度至少一次面访；年度营收目标 360 万。"]],
};
export const PLAN_COMPLETIONS = ["全部完成。", "完成八成，剩余两位客户改约下周。", "演示顺利，客户要求补充一份对接说明。", "目标未完成，原因是两家客户预算推迟。"];
export const REVIEW_COMMENTS = {
  approve: ["计划清楚，按时推进。", "目标明确，注意先见决策人。", "同意，执行中遇到问题及时沟通。"],
  return: ["目标客户太少，请补充到 15 位以上再提交。", "计划太笼统，请写清每天拜访谁、目的是什么。", "缺少老客户维护的安排，请补充。"],
  comment: ["恒信那边我可以陪你去一次。", "这个月重点盯回款。"],
};
export const SUMMARY_TEMPLATES = {
  week: "本周拜访客户 {visits} 位，电话跟进 {calls} 位；新增准客户 {prospects} 位，签约 {won} 单。下周重点推进两个项目的方案。",
  month: "本月成交 {won} 单，金额约 {amount} 万元；新增客户 {newCustomers} 位。体会：提前见决策人、用同行案例说话最有效。下月重点：老客户转介绍。",
};
export const TODO_TEMPLATES: [quadrant: "important_urgent" | "important_not_urgent" | "urgent_not_important" | "neither", title: string][] = [
  ["important_urgent", "今天下班前把报价单发给{客户}"],
  ["important_urgent", "处理{客户}的设备故障投诉"],
  ["important_not_urgent", "整理老客户转介绍名单"],
  ["important_not_urgent", "准备下季度展会物料"],
  ["important_not_urgent", "学习 FAB 产品陈述课程并完成练习"],
  ["urgent_not_important", "回复行政部的报销单据问题"],
  ["urgent_not_important", "确认明天会议室预订"],
  ["neither", "整理名片夹"],
  ["neither", "更新微信朋友圈产品介绍"],
];

export const LESSON_SLUGS = ["product-presentation", "advantage-analysis", "needs-identification", "remember-more-people", "be-remembered"] as const;

export const TEMPLATES = {
  birthdaySms: {
    name: "生日祝福（短信）",
    body: "{称呼}{姓名}您好！今天是您的生日，知客科技祝您生日快乐、身体健康、万事顺意！",
  },
  festivalEmail: {
    name: "中秋问候（邮件）",
    subject: "{姓名}{称呼}，中秋快乐",
    body: "{姓名}{称呼}：\n\n您好！中秋将至，感谢{公司}一直以来的信任与支持。月圆人团圆，祝您和家人中秋快乐、阖家幸福！\n\n如设备使用上有任何需要，随时联系我。\n\n知客科技 敬上",
  },
  productEmail: {
    name: "考勤升级方案（邮件）",
    subject: "{姓名}{称呼}：为{公司}准备的考勤升级方案",
    body: "{姓名}{称呼}，您好！\n\n上次交流时您提到月底算工资很麻烦。ZK-3000 支持断网本地存储，月底一键导出考勤。附件是同行业客户的案例，供您参考。\n\n祝工作顺利！",
  },
};
