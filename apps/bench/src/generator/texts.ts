import type { Random } from './random';

// The words of the generated cases: what citizens of 温州 write to the 12345 hotline, by category,
// and what departments answer. Names, phones and ID numbers are made up (the ID numbers carry a
// valid check digit so the redaction rules recognise them, as they would real ones).

/**
 * The districts and counties, each with the department code of its government and its
 * administrative division code (行政区划代码: the district codes a case's location carries).
 */
export const DISTRICTS: ReadonlyArray<{
  readonly name: string;
  readonly code: string;
  readonly areaCode: string;
  readonly weight: number;
}> = [
  { name: '鹿城区', code: 'lcq', areaCode: '330302', weight: 16 },
  { name: '瓯海区', code: 'ohq', areaCode: '330304', weight: 13 },
  { name: '龙湾区', code: 'lwq', areaCode: '330303', weight: 9 },
  { name: '洞头区', code: 'dtq', areaCode: '330305', weight: 2 },
  { name: '瑞安市', code: 'ras', areaCode: '330381', weight: 14 },
  { name: '乐清市', code: 'yqs', areaCode: '330382', weight: 13 },
  { name: '龙港市', code: 'lgs', areaCode: '330383', weight: 5 },
  { name: '永嘉县', code: 'yjx', areaCode: '330324', weight: 8 },
  { name: '平阳县', code: 'pyx', areaCode: '330326', weight: 8 },
  { name: '苍南县', code: 'cnx', areaCode: '330327', weight: 7 },
  { name: '文成县', code: 'wcx', areaCode: '330328', weight: 3 },
  { name: '泰顺县', code: 'tsx', areaCode: '330329', weight: 2 },
];

/** Streets (街道, 9-digit codes) of each district the generated cases name: 001 to STREETS. */
export const STREETS = 9;

const ROADS = [
  '人民路',
  '解放路',
  '车站大道',
  '学院路',
  '府东路',
  '温州大道',
  '飞霞南路',
  '锦绣路',
  '黎明西路',
  '划龙桥路',
  '瓯江路',
  '机场大道',
  '新城大道',
  '龙腾路',
  '安澜路',
  '梧田大道',
  '南塘街',
  '江滨路',
  '上江路',
  '市府路',
  '欧洲城路',
  '瓯海大道',
  '娄桥路',
  '茶山路',
  '永中街道永宁路',
  '安阳街道万松路',
  '虹桥镇振兴路',
  '柳市镇长江路',
  '昆阳镇解放街',
  '灵溪镇玉苍路',
  '上塘镇县前路',
  '大峃镇建设路',
  '罗阳镇新城大道',
];

const COMMUNITIES = [
  '绿洲花园',
  '锦绣嘉园',
  '江滨小区',
  '新城家园',
  '景山花园',
  '南浦小区',
  '水心住宅区',
  '蒲鞋市小区',
  '安居园',
  '怡景苑',
  '华盛小区',
  '嘉鸿花园',
  '金色家园',
  '翠微苑',
  '滨江商务区',
  '世纪广场小区',
  '东方花园',
  '香缇半岛',
  '梧桐苑',
  '阳光名苑',
  '万象城',
  '瓯江国际',
  '桂花苑',
  '清风里',
  '锦江公寓',
];

const SCHOOLS = ['实验小学', '第二中学', '城南小学', '外国语学校', '育英学校', '绣山中学', '广场路小学', '瓦市小学'];
const HOSPITALS = ['市人民医院', '市中心医院', '医科大学附属第一医院', '附属第二医院', '市中医院', '社区卫生服务中心'];
const SHOPS = ['某超市', '某网店', '某健身房', '某培训机构', '某餐饮店', '某装修公司', '某二手车行', '某美容店'];
const COMPANIES = ['某鞋业公司', '某电器公司', '某建筑公司', '某物流公司', '某服装厂', '某眼镜厂', '某外卖平台'];
const BUS_LINES = ['B1', 'B3', '7路', '33路', '51路', '86路', '101路', '129路'];

export interface Place {
  readonly district: string;
  readonly districtCode: string;
  readonly areaCode: string;
  readonly road: string;
  readonly number: number;
  readonly community: string;
}

export function placeFor(r: Random): Place {
  const d = r.weighted(DISTRICTS.map((x) => [x, x.weight] as const));
  return {
    district: d.name,
    districtCode: d.code,
    areaCode: d.areaCode,
    road: r.pick(ROADS),
    number: r.int(1, 888),
    community: r.pick(COMMUNITIES),
  };
}

export const locationOf = (p: Place): string => `${p.district}${p.road}${p.number}号${p.community}`;

/**
 * The division a case's location names: its street's 9-digit code for three cases in four, its
 * district's 6 digits for the rest (a point found in no street's outline, or only the district
 * known). Taken from the place already drawn, so the generator's other draws stay as they were.
 */
export const areaCodeOf = (p: Place): string =>
  p.number % 4 === 0 ? p.areaCode : `${p.areaCode}${String((p.number % STREETS) + 1).padStart(3, '0')}`;

interface Issue {
  readonly title: (p: Place, r: Random) => string;
  readonly content: (p: Place, r: Random) => string;
}

const days = (r: Random) => r.pick(['两天', '三天', '一周', '半个月', '一个多月', '好几天']);
const since = (r: Random) => r.pick(['最近', '近期', '从上周开始', '这段时间以来', '今年以来', `从${r.int(1, 12)}月份起`]);
const night = (r: Random) => r.pick(['晚上10点以后', '凌晨一两点', '每天清晨5点多', '深夜', '中午休息时间']);

/** By category code (libs/reference-data categories). */
const ISSUES: Readonly<Record<string, readonly Issue[]>> = {
  csgl: [
    {
      title: (p, r) => `${p.road}${r.pick(['夜间施工噪音扰民', '工地夜间施工严重扰民', '施工噪音影响休息'])}`,
      content: (p, r) =>
        `${p.district}${p.road}${p.community}旁边的工地${since(r)}经常${night(r)}还在施工，打桩和运输车辆噪音很大，严重影响周边居民休息，家里老人和小孩都睡不好。`,
    },
    {
      title: (p, r) => `${p.road}${r.pick(['占道经营', '流动摊贩占道', '店外经营'])}问题`,
      content: (p, r) =>
        `${p.district}${p.road}${p.number}号附近${since(r)}有很多流动摊贩占用人行道经营，油烟和垃圾很多，行人只能走机动车道，存在安全隐患。`,
    },
    {
      title: (p, r) => `${p.community}${r.pick(['违章搭建', '楼顶违建', '私自扩建'])}`,
      content: (p, r) =>
        `${p.district}${p.community}有住户在楼顶${r.pick(['搭建阳光房', '违章加盖一层', '私自扩建露台'])}，已经施工${days(r)}，影响楼体安全和邻居采光，物业劝阻无效。`,
    },
    {
      title: (p, r) => `${p.road}${r.pick(['垃圾清运不及时', '垃圾桶满溢', '建筑垃圾乱倒'])}`,
      content: (p, r) =>
        `${p.district}${p.road}${p.community}门口的垃圾${r.pick(['已经堆了', '连续', '放了'])}${days(r)}没有清运，天气热了臭味很大，还招来很多蚊蝇老鼠，希望环卫部门及时清理。`,
    },
    {
      title: (p, r) => `${p.road}${r.pick(['乱停车', '违章停车', '车辆占用人行道'])}`,
      content: (p, r) =>
        `${p.district}${p.road}${p.number}号一带${since(r)}很多车辆停在人行道和盲道上，行人特别是推婴儿车的只能绕到机动车道，希望加强管理。`,
    },
  ],
  gsgd: [
    {
      title: (p, r) => `${p.community}${r.pick(['停水三天无人处理', '频繁停水', '突然停水'])}`,
      content: (p, r) =>
        `${p.district}${p.road}${p.community}${since(r)}已经停水${days(r)}，没有任何通知，打物业和水务公司电话都说不归他们管，居民生活受到很大影响，请尽快处理。`,
    },
    {
      title: (p, r) => `${p.community}自来水${r.pick(['发黄', '有异味', '浑浊'])}`,
      content: (p, r) =>
        `${p.district}${p.community}的自来水${since(r)}${r.pick(['发黄', '有一股铁锈味', '放出来很浑浊'])}，烧开后有沉淀，不敢饮用，希望检测水质并更换老化管道。`,
    },
    {
      title: (p, r) => `${p.road}${r.pick(['频繁停电', '电压不稳', '夜间停电'])}`,
      content: (p, r) =>
        `${p.district}${p.road}${p.number}号一带${since(r)}${r.pick(['一周停电三四次', '经常晚上突然停电', '电压不稳家电烧坏'])}，影响正常生活和经营，希望供电部门排查线路。`,
    },
    {
      title: (p, r) => `${p.community}${r.pick(['水压低', '高层水压不足'])}`,
      content: (p, r) =>
        `${p.district}${p.community}${r.int(12, 30)}楼以上住户${since(r)}水压很低，早晚用水高峰几乎没有水，热水器无法启动，请求协调加压。`,
    },
  ],
  jy: [
    {
      title: (_p, r) => `${r.pick(SCHOOLS)}${r.pick(['学位分配', '入学报名', '学区划分'])}问题咨询`,
      content: (p, r) =>
        `我家住在${p.district}${p.community}，孩子今年上${r.pick(['小学', '初中'])}，按学区应该分到${r.pick(SCHOOLS)}，但报名时被告知学位已满，请问如何解决。`,
    },
    {
      title: (_p, r) => `${r.pick(['校外培训机构', '某培训机构'])}${r.pick(['拒不退费', '卷款跑路', '违规收费'])}`,
      content: (p, r) =>
        `${p.district}${p.road}一家培训机构${r.pick(['预收了一年学费后关门', '以各种理由拒绝退还剩余课时费', '超范围收取费用'])}，涉及家长${r.int(20, 300)}多人，金额${r.int(2, 80)}万元，希望教育部门介入。`,
    },
    {
      title: (_p, r) => `${r.pick(SCHOOLS)}${r.pick(['作业负担过重', '放学时间过早', '课后服务收费'])}`,
      content: (_p, r) =>
        `${r.pick(SCHOOLS)}${r.pick(['每天作业要写到晚上十点', '课后服务收费不透明', '放学时间太早家长无法接送'])}，与双减政策要求不符，希望教育局核实。`,
    },
  ],
  ylws: [
    {
      title: (_p, r) => `${r.pick(HOSPITALS)}${r.pick(['挂号难', '排队时间过长', '专家号难约'])}`,
      content: (_p, r) =>
        `在${r.pick(HOSPITALS)}看病${r.pick(['挂号要排两个小时', '专家号一放出来就没有了', '检查要预约到一个月以后'])}，老人行动不便，希望改进预约和分诊流程。`,
    },
    {
      title: (_p, r) => `${r.pick(HOSPITALS)}${r.pick(['服务态度差', '收费不合理', '过度检查'])}`,
      content: (_p, r) =>
        `${since(r)}在${r.pick(HOSPITALS)}就诊时${r.pick(['医生态度很差不愿解释病情', '收费清单里有没做过的项目', '做了很多不必要的检查'])}，希望卫健部门调查处理。`,
    },
    {
      title: (p) => `${p.community}附近诊所无证行医`,
      content: (p, r) =>
        `${p.district}${p.road}${p.community}附近有一家诊所${r.pick(['没有执业许可', '医生无执业资格', '违规输液'])}，周边老人经常去，存在安全隐患，请卫生监督部门查处。`,
    },
  ],
  jtcx: [
    {
      title: (_p, r) => `${r.pick(BUS_LINES)}公交车${r.pick(['班次太少', '经常不到站', '司机不文明驾驶'])}`,
      content: (p, r) =>
        `${r.pick(BUS_LINES)}公交车在${p.road}站${r.pick(['早高峰半小时才来一班', '经常过站不停', '司机开车急刹急加速'])}，乘客意见很大，希望增加班次、加强管理。`,
    },
    {
      title: (p, r) => `${p.road}${r.pick(['红绿灯时间不合理', '路口拥堵', '缺少人行横道'])}`,
      content: (p, r) =>
        `${p.district}${p.road}与${r.pick(ROADS)}交叉口${r.pick(['红灯时间太长高峰期堵成一片', '行人绿灯只有十几秒老人过不去', '没有人行横道学生过马路很危险'])}，建议优化信号配时。`,
    },
    {
      title: (p, r) => `${p.road}${r.pick(['路面坑洼', '井盖缺失', '道路破损'])}`,
      content: (p, r) =>
        `${p.district}${p.road}${p.number}号附近路面${r.pick(['坑洼不平', '有个井盖缺失', '塌陷了一块'])}已经${days(r)}，晚上电动车经过很容易摔倒，请尽快修复。`,
    },
  ],
  zfbz: [
    {
      title: (_p, r) => `${r.pick(['公租房', '人才房', '保障性住房'])}${r.pick(['申请进度', '资格审核', '配租'])}咨询`,
      content: (p, r) =>
        `本人户籍在${p.district}，${since(r)}提交了${r.pick(['公租房', '人才房', '保障性租赁住房'])}申请，至今没有审核结果，请问办理进度和还需要哪些材料。`,
    },
    {
      title: (p, r) => `${p.community}${r.pick(['房产证迟迟办不下来', '不动产权证延期', '交房延期'])}`,
      content: (p, r) =>
        `${p.district}${p.community}${r.int(2016, 2023)}年交房，至今${r.pick(['办不了不动产权证', '开发商一直拖延办证', '没有交房'])}，涉及业主${r.int(100, 900)}多户，影响孩子入学和落户。`,
    },
    {
      title: (_p, r) => `老旧小区${r.pick(['加装电梯', '改造进度', '外墙脱落'])}`,
      content: (p, r) =>
        `${p.district}${p.community}是老旧小区，${r.pick(['居民都同意加装电梯但审批一直没有进展', '改造工程停工很久', '外墙瓷砖经常脱落砸到人'])}，希望相关部门帮助解决。`,
    },
  ],
  hjbh: [
    {
      title: (p, r) => `${p.road}${r.pick(['工厂排放异味', '企业偷排废气', '夜间刺鼻气味'])}`,
      content: (p, r) =>
        `${p.district}${p.road}附近${r.pick(COMPANIES)}${night(r)}排放刺鼻气味，周边居民闻到后头晕恶心，${since(r)}多次反映没有改善，请环保部门夜间检查。`,
    },
    {
      title: (p, r) => `${p.community}附近河道${r.pick(['发黑发臭', '有污水直排', '漂浮垃圾多'])}`,
      content: (p, r) =>
        `${p.district}${p.community}边上的河道${r.pick(['水发黑发臭', '有一根管子往河里排污水', '漂着很多垃圾和死鱼'])}，夏天味道很大，希望尽快治理。`,
    },
    {
      title: (p, r) => `${p.road}${r.pick(['餐饮油烟扰民', '烧烤油烟', '排风噪音'])}`,
      content: (p, r) =>
        `${p.district}${p.road}${p.number}号楼下的餐饮店${r.pick(['油烟直排到居民窗口', '排风机噪音很大', '夜宵烧烤烟雾弥漫'])}，居民不敢开窗，请求督促安装净化设施。`,
    },
  ],
  ldsb: [
    {
      title: (_p, r) => `${r.pick(COMPANIES)}${r.pick(['拖欠工资', '拖欠农民工工资', '克扣工资'])}`,
      content: (p, r) =>
        `我在${p.district}${r.pick(COMPANIES)}工作，公司已经拖欠${r.int(2, 8)}个月工资，涉及工人${r.int(5, 120)}人，金额约${r.int(3, 200)}万元，老板一直躲着不见，请求帮助追讨。`,
    },
    {
      title: (_p, r) => `${r.pick(['社保断缴', '社保转移', '养老保险'])}${r.pick(['问题咨询', '办理困难'])}`,
      content: (_p, r) =>
        `${r.pick(['单位一直没有给我缴纳社保', '外地社保转入温州手续办不下来', '退休后养老金核定有疑问'])}，多次到窗口咨询说法不一，请给出明确答复。`,
    },
    {
      title: (_p, r) => `${r.pick(['灵活就业', '失业金', '技能补贴'])}申领咨询`,
      content: (_p, r) =>
        `${r.pick(['今年失业了想申领失业保险金', '参加了职业技能培训想申请补贴', '灵活就业人员想参保'])}，请问需要什么条件和材料，在哪里办理。`,
    },
  ],
  scjg: [
    {
      title: (_p, r) => `${r.pick(SHOPS)}${r.pick(['预付卡拒不退费', '虚假宣传', '售卖过期食品'])}`,
      content: (p, r) =>
        `${p.district}${p.road}的${r.pick(SHOPS)}${r.pick(['办卡后突然关门', '宣传的优惠实际不兑现', '货架上有过期食品'])}，消费者${r.int(10, 200)}多人受损，请市场监管部门查处。`,
    },
    {
      title: (_p, r) => `${r.pick(['网购商品质量问题', '外卖食品安全', '电动车质量问题'])}`,
      content: (_p, r) =>
        `${since(r)}${r.pick(['在网上买的商品质量很差商家拒绝退换', '外卖吃出异物平台不处理', '新买的电动车电池鼓包'])}，希望维护消费者权益。`,
    },
    {
      title: (p) => `${p.road}菜市场缺斤短两`,
      content: (p, r) =>
        `${p.district}${p.road}菜市场${r.pick(['有摊位缺斤短两', '电子秤作弊', '价格不明码标价'])}，复称少了${r.int(1, 5)}两，希望加强监管。`,
    },
  ],
  gaza: [
    {
      title: (p, r) => `${p.community}${r.pick(['电动车被盗', '夜间有人砸车窗', '治安问题'])}`,
      content: (p, r) =>
        `${p.district}${p.community}${since(r)}${r.pick(['接连发生电动车被盗', '夜里有人砸车窗偷东西', '常有陌生人深夜逗留'])}，小区监控坏了没人修，居民很担心，希望加强巡逻。`,
    },
    {
      title: (_p, r) => `${r.pick(['户口迁移', '身份证补办', '居住证办理'])}咨询`,
      content: (_p, r) =>
        `${r.pick(['想把孩子户口迁到温州', '身份证丢失需要异地补办', '外地来温务工需要办居住证'])}，请问办理条件、材料和时限。`,
    },
    {
      title: (p, r) => `${p.road}${r.pick(['飙车炸街', '深夜摩托车轰鸣', '改装车噪音'])}`,
      content: (p, r) => `${p.district}${p.road}${night(r)}经常有改装摩托车飙车炸街，声音非常大，严重扰民也很危险，希望交警加强整治。`,
    },
  ],
  mzjz: [
    {
      title: (_p, r) => `${r.pick(['低保申请', '临时救助', '残疾人补贴'])}${r.pick(['咨询', '进度'])}`,
      content: (p, r) =>
        `我家住${p.district}，${r.pick(['家里老人重病失去收入', '本人残疾无法工作', '家庭突发变故'])}，想申请${r.pick(['最低生活保障', '临时救助', '残疾人两项补贴'])}，请问需要什么条件。`,
    },
    {
      title: (p) => `${p.community}养老服务中心收费问题`,
      content: (p, r) =>
        `${p.district}${p.community}的居家养老服务中心${r.pick(['收费标准不公开', '服务时间经常缩水', '老年食堂饭菜质量差'])}，希望民政部门监督。`,
    },
  ],
  ghjs: [
    {
      title: (p, r) => `${p.road}${r.pick(['规划变更', '道路规划', '公园规划'])}咨询`,
      content: (p, r) =>
        `听说${p.district}${p.road}一带${r.pick(['要调整规划', '规划了一条新路', '原来规划的公园改成住宅'])}，周边居民很关心，请公开规划方案和依据。`,
    },
    {
      title: (p, r) => `${p.community}${r.pick(['采光被遮挡', '新楼间距过近'])}`,
      content: (p, r) =>
        `${p.district}${p.community}旁边新建的高楼${r.pick(['离我们楼太近', '遮挡了整栋楼的采光', '冬天家里晒不到太阳'])}，请问规划审批是否合规。`,
    },
  ],
  wygl: [
    {
      title: (p, r) => `${p.community}物业${r.pick(['乱收费', '不作为', '服务差'])}`,
      content: (p, r) =>
        `${p.district}${p.community}物业公司${r.pick(['停车费随意上涨', '电梯坏了一个月不修', '公共收益从不公示'])}，业主多次反映没有结果，请住建部门督促整改。`,
    },
    {
      title: (p) => `${p.community}电梯频繁故障`,
      content: (p, r) =>
        `${p.district}${p.community}${r.int(1, 20)}幢电梯${since(r)}${r.pick(['经常困人', '频繁停运', '运行时异响很大'])}，楼里很多老人，存在安全隐患，请尽快检修。`,
    },
    {
      title: (p, r) => `${p.community}${r.pick(['业委会选举', '物业交接', '维修基金使用'])}问题`,
      content: (p, r) =>
        `${p.district}${p.community}${r.pick(['业委会选举程序不透明', '新老物业交接拖延', '维修基金申请使用一直不批'])}，请街道和住建部门指导。`,
    },
  ],
  nync: [
    {
      title: (_p, r) => `${r.pick(['农村宅基地审批', '土地流转', '农房翻建'])}问题`,
      content: (p, r) =>
        `我是${p.district}的农户，${r.pick(['宅基地审批申请了一年没有结果', '土地流转租金被拖欠', '老房子危旧想翻建不知道怎么报批'])}，请帮忙解决。`,
    },
    {
      title: (_p, r) => `${r.pick(['农田灌溉', '农业补贴', '农产品销售'])}困难`,
      content: (p, r) =>
        `${p.district}某村${r.pick(['灌溉水渠损坏影响种植', '种粮补贴没有发放', '杨梅滞销价格很低'])}，村民很着急，希望农业部门帮助。`,
    },
  ],
  qt: [
    {
      title: (_p, r) => `${r.pick(['建议', '关于'])}${r.pick(['增设公共厕所', '延长图书馆开放时间', '增加停车位', '完善无障碍设施'])}`,
      content: (p, r) =>
        `${p.district}${p.road}一带${r.pick(['人流量很大但附近没有公共厕所', '图书馆晚上开放时间太短', '停车位严重不足', '很多地方没有无障碍通道'])}，建议政府统筹考虑，方便群众。`,
    },
    {
      title: (_p, r) => `${r.pick(['表扬', '感谢'])}${r.pick(['环卫工人', '社区工作人员', '派出所民警', '公交司机'])}`,
      content: (p, r) =>
        `${since(r)}在${p.district}${p.road}${r.pick(['遇到困难时工作人员热心帮助', '民警帮我找回了丢失的钱包', '司机耐心帮助老人上下车'])}，特此表扬，希望给予嘉奖。`,
    },
  ],
};

const ENDINGS = [
  '请尽快处理。',
  '希望相关部门尽快解决。',
  '已多次反映，至今没有结果。',
  '恳请领导重视。',
  '请给予答复，谢谢！',
  '盼复。',
  '',
];

export interface PetitionText {
  readonly title: string;
  readonly content: string;
}

export function petitionText(categoryCode: string, place: Place, r: Random): PetitionText {
  const issue = r.pick(ISSUES[categoryCode] ?? ISSUES.qt);
  const title = issue.title(place, r).slice(0, 100);
  const content = `${issue.content(place, r)}${r.pick(ENDINGS)}`;
  return { title, content };
}

const ANSWER_OPENINGS = ['您好！您反映的问题已收悉。', '您好，感谢您对我们工作的关心。', '经核实，', '收到您的来信后，我单位高度重视，'];
const ANSWERS: Readonly<Record<string, readonly string[]>> = {
  csgl: [
    '执法队员已到现场核查，责令施工单位夜间22时后停止施工，并将加强夜间巡查。',
    '已对占道经营摊贩进行劝离并依法处罚，后续将安排专人定时巡查。',
    '已对违章搭建下达限期拆除通知书，逾期未拆将依法强制拆除。',
  ],
  gsgd: [
    '停水系管网抢修所致，现已恢复供水，今后停水将提前在小区公告。',
    '已对小区供水管道进行冲洗并抽检水质，检测结果符合国家标准，老旧管道已列入改造计划。',
    '供电公司已排查线路并更换老化设备，供电已恢复稳定。',
  ],
  jy: [
    '经查，该学区学位按积分排序分配，已安排工作人员与您联系说明统筹安排方案。',
    '已约谈该培训机构负责人，督促其按合同退费，并将其列入重点监管名单。',
  ],
  ylws: ['医院已优化预约挂号流程，增加专家号源，并开设老年人绿色通道。', '卫生监督所已对该诊所立案调查，责令其停止执业活动。'],
  jtcx: [
    '公交公司已对该线路高峰时段加密班次，并对驾驶员进行教育。',
    '交警部门已调整该路口信号配时，增加行人过街时间。',
    '道路养护单位已完成路面修复，井盖已更换。',
  ],
  zfbz: ['您的申请材料已通过初审，正在公示期，公示结束后将安排配租。', '已督促开发企业补齐办证材料，预计三个月内可办理不动产权证。'],
  hjbh: [
    '环境执法人员夜间突击检查，对该企业违法排放行为立案处罚，并责令整改。',
    '河道已安排保洁清理，排污口已封堵，后续将持续监测水质。',
    '已责令该餐饮店安装油烟净化设施，整改完成前暂停夜间经营。',
  ],
  ldsb: ['劳动监察大队已立案调查，督促企业限期支付拖欠工资，逾期将移送公安机关。', '已安排社保经办人员与您联系，协助办理相关手续。'],
  scjg: ['市场监管所已对该商家立案调查，督促其退还预付款项。', '已对该市场计量器具开展专项检查，查处作弊行为并公开曝光。'],
  gaza: ['派出所已加强该小区夜间巡逻，并协调物业修复监控设施。', '交警部门已在该路段开展夜间专项整治，查处改装车辆多辆。'],
  mzjz: ['已由街道社会救助窗口受理您的申请，工作人员将上门核查家庭情况。', '已督促养老服务中心公示收费标准，规范服务时间。'],
  ghjs: ['该地块规划调整已履行公示程序，相关材料可在规划局网站查询。', '经复核，该项目日照分析符合规范要求，具体情况已电话告知。'],
  wygl: ['已约谈物业公司，责令其限期修复电梯并公示公共收益。', '街道已指导业委会依法依规开展选举工作。'],
  nync: ['农业农村局已会同乡镇核实，补贴将于本月底前发放到位。', '已协调相关部门帮助对接销售渠道。'],
  qt: ['您的建议已转有关部门研究，将在规划中统筹考虑。', '感谢您的表扬，已转达相关单位并予以通报表扬。'],
};
const ANSWER_ENDINGS = ['感谢您的监督。', '如有疑问请与我们联系。', '感谢您的理解与支持！', ''];

export function answerText(categoryCode: string, r: Random): string {
  return `${r.pick(ANSWER_OPENINGS)}${r.pick(ANSWERS[categoryCode] ?? ANSWERS.qt)}${r.pick(ANSWER_ENDINGS)}`;
}

export const REJECT_REASONS = [
  '诉求内容不明确，无法受理',
  '属于诉讼途径解决的事项',
  '反映内容涉及个人隐私纠纷，不属于受理范围',
  '诉求已超出本平台受理范围',
];
export const DUPLICATE_REASON = '与已受理的诉求重复';
export const RETURN_REASONS = ['该事项不属于本单位职责范围，建议转交属地政府', '经核实属于其他部门管辖', '诉求地址不在本辖区'];
export const EXTENSION_REASONS = [
  '需要现场勘察并协调多个部门',
  '涉及历史遗留问题，需调取档案',
  '需等待检测结果',
  '涉及企业较多，需分批约谈',
];
export const EXTENSION_REFUSALS = ['理由不充分，请按期办结', '该事项不属于复杂疑难事项'];
export const REOPEN_REASONS = ['群众反映问题未实际解决', '答复内容与诉求不符', '整改措施未落实'];
export const ESCALATION_REASONS = ['群众多次来电催办', '媒体关注，要求加快办理', '涉及群众较多，列入重点督办'];
export const RATING_COMMENTS = [
  '处理很及时，谢谢！',
  '问题已经解决了',
  '答复太笼统，问题没有解决',
  '态度很好',
  '还是老样子',
  '希望以后加强管理',
];
export const COMMENTS = [
  '同小区，确有此事',
  '我们这边也是一样',
  '支持，希望尽快解决',
  '问题已经存在很久了',
  '已经好了，谢谢',
  '这个问题反映过好几次了',
];

export const INTERIM_REPLIES = [
  '已安排工作人员现场核查，正在协调相关单位处理，请耐心等待',
  '该问题涉及多个部门，已召开协调会，处理方案正在制定中',
  '已联系施工单位，预计近期完成整改，届时将正式答复',
  '正在调取相关资料核实情况，核实后将及时答复',
];
export const INFORMATION_QUESTIONS = [
  '请补充问题发生的具体楼栋号和时间段，便于现场核查',
  '请提供相关合同或收据的照片',
  '请说明此前是否已向物业或社区反映过，结果如何',
];
export const INFORMATION_SUPPLIED = ['具体是3幢2单元门口，每天晚上9点以后', '合同照片已补充，见附件说明', '此前向物业反映过两次，没有结果'];
export const ASSISTANCE_NOTES = [
  '我单位已配合现场核查，相关情况已反馈主办单位',
  '经核实，该路段养护由我单位负责，已安排维修',
  '已提供相关审批资料，供主办单位答复参考',
];
export const PASS_DOWN_ANSWERS = ['已到现场核查并处理，处理情况如下：已督促责任单位整改到位', '经属地核实，问题已协调解决'];
export const WITHDRAW_REASONS = ['问题已自行解决', '已通过其他渠道解决', '信息填写有误，重新提交', '经沟通已达成谅解'];
export const MODERATION_REASONS: Readonly<Record<'answer' | 'comment', readonly string[]>> = {
  answer: ['答复中含有个人信息，待修改后重新公开', '答复内容涉及未公开的执法信息'],
  comment: ['评论含不文明用语', '评论含未经核实的指控', '评论含广告信息'],
};
export const MODERATION_RESTORE_REASONS = ['经复核，内容无不当之处', '已按要求处理，恢复公开'];

const SURNAMES = '陈林黄王张李郑周金叶潘吴徐朱胡杨施蔡谢胡孙刘余董章项戴缪池卢夏'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华飞鑫宇浩然晨晓建国海燕志远佳怡思琪子涵雨萱欣怡俊杰'.split('');

export function chineseName(r: Random): string {
  const n = r.chance(0.7) ? 2 : 1;
  let s = r.pick(SURNAMES);
  for (let i = 0; i < n; i++) s += r.pick(GIVEN);
  return s;
}

export function mobilePhone(r: Random): string {
  return `1${r.pick(['3', '5', '7', '8', '9'])}${r.digits(9)}`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A made-up resident ID number of 温州 (3303xx) with a valid check digit. */
export function residentIdNumber(r: Random): string {
  const area = r.pick(['330302', '330303', '330304', '330305', '330381', '330382', '330324', '330326', '330327']);
  const birth = `${r.int(1950, 2004)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
  const body = `${area}${birth}${r.digits(3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i];
  return `${body}${ID_CHECK[sum % 11]}`;
}

export function pseudonym(r: Random): string {
  return `网友${r.uint32().toString(16).padStart(8, '0').slice(0, 4)}`;
}
