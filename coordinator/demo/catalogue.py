"""Hand-written facts of the demo district: departments, items, streets, industries, names.

The district is Guangzhou's 海珠区 (area code 440105); streets and roads are
real names, firms and people are invented. Departments' items follow the
source documents (`shared/seeds`): 临时使用绿地 and 临时性户外广告设施 (闵行区
绿化市容局), 餐饮油烟 and 渣土运输 (三门峡城管局), 林木种苗 and 爆破作业单位
(河源林业局), plus the usual market-regulation, fire, environment, health,
emergency-management and public-security items with their legal basis. Most
items are on the random-check list; a few permit-type inspections are not,
so that each department's coverage share (seed 004 asks ≥ 70%) means
something: 消防 falls short on purpose.

Ratios are decimal strings per credit-risk grade ("-" = ungraded), or a
fixed count per round; never both.
"""

from __future__ import annotations

DISTRICT = {"name": "广州市海珠区", "short_name": "海珠区", "area_code": "440105", "city": "广州市"}

# (code, name, short name, qualification tags)
DEPARTMENTS = (
    ("SCJG", "广州市海珠区市场监督管理局", "市场监管", ("食品", "药品", "特种设备", "计量")),
    ("XF", "广州市海珠区消防救援大队", "消防", ("消防监督", "高层建筑", "大型商业综合体")),
    ("HB", "广州市生态环境局海珠分局", "生态环境", ("大气污染", "水污染", "危险废物")),
    ("WJ", "广州市海珠区卫生健康局", "卫生健康", ("公共场所卫生", "医疗执业", "生活饮用水", "职业卫生")),
    ("YJ", "广州市海珠区应急管理局", "应急管理", ("危险化学品", "工贸安全")),
    ("LY", "广州市海珠区林业和园林局", "林业园林", ("林业", "园林绿化", "野生动植物")),
    ("CG", "广州市海珠区城市管理和综合执法局", "城管", ("市容环境", "户外广告", "余泥渣土")),
    ("GA", "广州市公安局海珠区分局", "公安", ("治安管理", "民爆物品")),
)
# Inspectors per department (≥ 200 in all).
INSPECTOR_COUNTS = {"SCJG": 60, "XF": 28, "HB": 24, "WJ": 26, "YJ": 22, "LY": 14, "CG": 30, "GA": 16}

RATIO_LOW = {"A": "0.02", "B": "0.05", "C": "0.1", "D": "0.2", "-": "0.05"}
RATIO_MID = {"A": "0.03", "B": "0.05", "C": "0.1", "D": "0.2", "-": "0.05"}
RATIO_HIGH = {"A": "0.05", "B": "0.1", "C": "0.15", "D": "0.3", "-": "0.1"}
RATIO_KEY = {"A": "0.1", "B": "0.2", "C": "0.3", "D": "0.5", "-": "0.2"}

FOOD_LAW = "《中华人民共和国食品安全法》第一百一十条；《食品生产经营监督检查管理办法》"
FIRE_LAW = "《中华人民共和国消防法》第五十三条；《消防监督检查规定》"


def _item(code, name, *, basis, object_type, sub_items, methods=("onsite",), ratio=None, count=None,
          level="general", tags=(), notice="advance", materials="", frequency="每年1次",
          on_list=True, review="published"):
    return {
        "code": code, "department": code.split("-")[0], "name": name, "on_random_list": on_list,
        "review_state": review, "sub_items": sub_items, "legal_basis": basis, "object_type": object_type,
        "level": level, "check_methods": list(methods), "ratio": dict(ratio) if ratio else None,
        "count": count, "frequency": frequency, "required_tags": sorted(tags), "notice_mode": notice,
        "materials": materials,
    }


ITEMS = (
    _item("SCJG-01", "餐饮服务食品安全监督检查", basis=FOOD_LAW, object_type="餐饮服务提供者",
          sub_items="许可资质；从业人员健康管理；原料进货查验；加工制作过程；餐饮具清洗消毒；食品添加剂使用",
          methods=("onsite", "document"), ratio=RATIO_MID, level="key", tags=("食品",), frequency="每年2次",
          materials="食品经营许可证、从业人员健康证明、进货查验记录、餐饮具消毒记录"),
    _item("SCJG-02", "食品销售者监督检查", basis=FOOD_LAW, object_type="食品销售者",
          sub_items="经营条件；进货查验和记录；贮存和运输；过期食品处置；标签标识",
          ratio=RATIO_LOW, tags=("食品",), materials="食品经营许可证或备案凭证、进货查验记录、供货者资质"),
    _item("SCJG-03", "企业公示信息抽查", basis="《企业信息公示暂行条例》第十四条；《企业公示信息抽查暂行办法》",
          object_type="企业", sub_items="年度报告公示信息；即时公示信息",
          methods=("document", "online", "onsite"), ratio={"A": "0.01", "B": "0.03", "C": "0.05", "D": "0.1", "-": "0.03"},
          materials="年度报告所涉资产、出资、从业人数等信息的证明材料"),
    _item("SCJG-04", "特种设备使用单位监督检查", basis="《中华人民共和国特种设备安全法》第五十七条、第六十一条",
          object_type="特种设备使用单位", sub_items="使用登记；定期检验；作业人员持证；维护保养；应急预案",
          ratio=RATIO_HIGH, level="key", tags=("特种设备",),
          materials="特种设备使用登记证、定期检验报告、作业人员资格证、维护保养记录"),
    _item("SCJG-05", "药品零售企业监督检查", basis="《中华人民共和国药品管理法》第九十九条；《药品经营质量管理规范》",
          object_type="药品零售企业", sub_items="许可资质；执业药师在岗；处方药销售；温湿度管理；购销记录",
          ratio=RATIO_HIGH, level="key", tags=("药品",), materials="药品经营许可证、执业药师注册证、购销记录"),
    _item("SCJG-06", "加油机计量监督检查", basis="《中华人民共和国计量法》；《加油站计量监督管理办法》",
          object_type="加油站", sub_items="加油机检定；计量器具铅封；计量数据",
          methods=("onsite", "testing"), count=4, tags=("计量",), materials="加油机检定证书、计量管理制度"),
    _item("SCJG-07", "食品经营许可现场核查", basis="《食品经营许可和备案管理办法》",
          object_type="食品经营许可申请人", sub_items="经营场所；设施设备；布局流程", on_list=False,
          frequency="依申请"),
    _item("XF-01", "消防安全检查（一般单位）", basis=FIRE_LAW, object_type="机关、团体、企业、事业等单位",
          sub_items="消防安全责任制落实；消防设施器材；疏散通道和安全出口；电气线路；消防安全培训演练",
          ratio={"A": "0.02", "B": "0.04", "C": "0.08", "D": "0.15", "-": "0.05"}, tags=("消防监督",),
          materials="消防安全制度、消防设施维护保养记录、防火检查巡查记录"),
    _item("XF-02", "消防安全重点单位检查", basis=FIRE_LAW, object_type="消防安全重点单位（人员密集场所、高层建筑等）",
          sub_items="消防安全管理人履职；消防控制室值班；自动消防设施运行；灭火和应急疏散预案演练",
          ratio={"A": "0.1", "B": "0.15", "C": "0.2", "D": "0.3", "-": "0.15"}, level="key",
          tags=("消防监督",), notice="unannounced", frequency="每年2次"),
    _item("XF-03", "公众聚集场所投入使用、营业前消防安全检查", basis="《中华人民共和国消防法》第十五条",
          object_type="公众聚集场所", sub_items="消防设施；疏散设施；消防安全管理", on_list=False, frequency="依申请"),
    _item("HB-01", "排污许可重点管理单位执法检查", basis="《中华人民共和国环境保护法》第二十四条；《排污许可管理条例》",
          object_type="重点排污单位", sub_items="持证排污；污染防治设施运行；自行监测；环境管理台账",
          methods=("onsite", "testing", "online"), ratio=RATIO_KEY, level="key", tags=("大气污染", "水污染"),
          materials="排污许可证、自行监测报告、环境管理台账"),
    _item("HB-02", "一般排污单位执法检查", basis="《中华人民共和国环境保护法》第二十四条；《排污许可管理条例》",
          object_type="排污登记管理单位", sub_items="排污登记；污染防治设施；废水废气排放",
          methods=("onsite", "testing"), ratio=RATIO_LOW, materials="排污登记回执、污染防治设施运行记录"),
    _item("HB-03", "危险废物规范化环境管理检查", basis="《中华人民共和国固体废物污染环境防治法》",
          object_type="危险废物产生单位", sub_items="管理计划；贮存设施；转移联单；台账和申报",
          ratio=RATIO_MID, tags=("危险废物",), materials="危险废物管理计划、转移联单、处置合同"),
    _item("HB-04", "建设项目环境保护“三同时”检查", basis="《建设项目环境保护管理条例》第十五条",
          object_type="建设单位", sub_items="环评审批；环保设施同时设计、同时施工、同时投产使用；竣工验收",
          methods=("onsite", "document"), count=5, materials="环评批复、竣工环境保护验收报告"),
    _item("WJ-01", "公共场所卫生监督检查", basis="《公共场所卫生管理条例》；《公共场所卫生管理条例实施细则》",
          object_type="住宿、沐浴、美容美发、游泳等公共场所经营者",
          sub_items="卫生许可；从业人员健康合格证明；卫生管理制度；公共用品用具消毒；卫生检测",
          ratio=RATIO_MID, tags=("公共场所卫生",), materials="卫生许可证、从业人员健康合格证明、卫生检测报告"),
    _item("WJ-02", "医疗机构依法执业检查", basis="《医疗机构管理条例》；《中华人民共和国医师法》",
          object_type="医疗机构", sub_items="执业许可；人员资质；医疗文书；医疗废物；消毒隔离",
          methods=("onsite", "document"), ratio=RATIO_HIGH, level="key", tags=("医疗执业",),
          materials="医疗机构执业许可证、医务人员执业证书"),
    _item("WJ-03", "生活饮用水（二次供水）卫生监督检查", basis="《生活饮用水卫生监督管理办法》",
          object_type="二次供水管理单位", sub_items="供水设施清洗消毒；水质检测；直接从事供、管水人员健康",
          methods=("onsite", "testing"), count=6, tags=("生活饮用水",), materials="水箱清洗消毒记录、水质检测报告"),
    _item("WJ-04", "用人单位职业卫生监督检查", basis="《中华人民共和国职业病防治法》",
          object_type="存在职业病危害因素的用人单位", sub_items="危害项目申报；检测评价；防护设施；职业健康检查",
          ratio=RATIO_LOW, tags=("职业卫生",), materials="职业病危害项目申报回执、检测报告、职业健康检查报告"),
    _item("WJ-05", "医疗机构执业许可校验现场审查", basis="《医疗机构管理条例》", object_type="医疗机构",
          sub_items="执业情况；诊疗科目", on_list=False, frequency="依申请"),
    _item("YJ-01", "危险化学品经营单位安全生产检查", basis="《危险化学品安全管理条例》；《中华人民共和国安全生产法》第六十五条",
          object_type="危险化学品经营单位（含加油站）", sub_items="经营许可；储存条件；安全管理制度；应急预案",
          ratio=RATIO_KEY, level="key", tags=("危险化学品",), materials="危险化学品经营许可证、安全评价报告、应急预案"),
    _item("YJ-02", "工贸企业安全生产检查", basis="《中华人民共和国安全生产法》第六十五条",
          object_type="工贸企业", sub_items="安全生产责任制；隐患排查治理；教育培训；劳动防护用品",
          ratio=RATIO_MID, tags=("工贸安全",), materials="安全生产责任制文件、隐患排查记录、培训记录"),
    _item("YJ-03", "有限空间作业安全检查", basis="《工贸企业有限空间作业安全规定》",
          object_type="涉及有限空间作业的工贸企业", sub_items="有限空间辨识；作业审批；通风检测；应急救援",
          count=5, tags=("工贸安全",), notice="unannounced"),
    _item("LY-01", "临时使用绿地监督检查", basis="《城市绿化条例》；《广州市绿化条例》",
          object_type="临时使用绿地项目", sub_items="审批范围和期限；绿地恢复；树木保护",
          count=4, tags=("园林绿化",), frequency="每两个月1次", materials="临时使用绿地批准文件"),
    _item("LY-02", "林木种子生产经营检查", basis="《中华人民共和国种子法》",
          object_type="林木种苗生产经营者", sub_items="生产经营许可；种子标签和使用说明；生产经营档案",
          ratio=RATIO_HIGH, tags=("林业",), materials="林木种子生产经营许可证、生产经营档案"),
    _item("LY-03", "野生动物经营利用监督检查", basis="《中华人民共和国野生动物保护法》",
          object_type="野生动物及其制品经营利用单位", sub_items="许可证明；专用标识；来源证明",
          count=3, tags=("野生动植物",), notice="unannounced"),
    _item("LY-04", "古树名木养护管理检查", basis="《广州市古树名木保护条例》", object_type="古树名木养护责任单位",
          sub_items="养护责任落实；损害情况", on_list=False, review="reviewed"),
    _item("CG-01", "餐饮服务单位油烟污染防治检查", basis="《中华人民共和国大气污染防治法》第八十一条",
          object_type="餐饮服务单位", sub_items="油烟净化设施安装；设施正常使用；清洗维护记录",
          ratio={"A": "0.02", "B": "0.04", "C": "0.08", "D": "0.15", "-": "0.04"},
          materials="油烟净化设施清洗维护记录"),
    _item("CG-02", "余泥渣土运输企业监督检查", basis="《城市建筑垃圾管理规定》；《广州市建筑废弃物管理条例》",
          object_type="余泥渣土运输企业", sub_items="运输许可；车辆密闭；行驶路线；消纳场所",
          count=5, level="key", tags=("余泥渣土",), materials="建筑废弃物运输许可、车辆清单"),
    _item("CG-03", "户外广告设施设置检查", basis="《广州市户外广告和招牌设置管理办法》",
          object_type="户外广告设施", sub_items="设置许可；设置期限；设施安全",
          count=6, tags=("户外广告",), frequency="每两个月1次", materials="户外广告设施设置许可文件、安全检测报告"),
    _item("CG-04", "门前三包责任落实检查", basis="《广州市市容环境卫生管理规定》", object_type="沿街商户",
          sub_items="市容；环境卫生；秩序", on_list=False, review="draft"),
    _item("GA-01", "爆破作业单位监督检查", basis="《民用爆炸物品安全管理条例》", object_type="爆破作业单位",
          sub_items="许可资质；民爆物品储存；领取和清退登记；人员资格",
          count=2, level="key", tags=("民爆物品",), materials="爆破作业单位许可证、民爆物品出入库登记"),
    _item("GA-02", "旅馆业治安管理检查", basis="《旅馆业治安管理办法》", object_type="旅馆",
          sub_items="特种行业许可；旅客住宿登记；治安防范设施",
          ratio=RATIO_HIGH, tags=("治安管理",), notice="unannounced"),
)

# Streets of 海珠区 used by the demo, with two roads each (for addresses) and a weight.
STREETS = (
    ("赤岗街道", ("赤岗路", "艺苑路"), 10), ("新港街道", ("新港西路", "新港中路"), 11),
    ("昌岗街道", ("昌岗中路", "宝岗大道"), 9), ("江南中街道", ("江南大道中", "江南西路"), 12),
    ("滨江街道", ("滨江东路", "滨江中路"), 8), ("素社街道", ("前进路", "素社直街"), 7),
    ("南华西街道", ("南华西路", "洪德路"), 8), ("沙园街道", ("工业大道北", "沙园大街"), 8),
    ("凤阳街道", ("凤阳路", "广州大道南"), 10), ("江海街道", ("石榴岗路", "江海大道"), 7),
    ("琶洲街道", ("琶洲大道", "新港东路"), 10),
)

# Industry: weight, share of 个体工商户, name words, and (item, probability) of being on its list.
INDUSTRIES = (
    ("餐饮服务", 22, 0.6, ("餐饮", "酒家", "小吃店", "茶餐厅", "粥粉面店"),
     (("SCJG-01", 0.95), ("CG-01", 0.85), ("XF-01", 0.6))),
    ("食品销售", 10, 0.5, ("便利店", "食品店", "超市", "副食店"), (("SCJG-02", 0.95), ("XF-01", 0.4))),
    ("批发和零售", 14, 0.4, ("贸易", "商行", "五金店", "服装店"), (("XF-01", 0.3),)),
    ("住宿", 3, 0.2, ("酒店", "宾馆", "公寓"),
     (("WJ-01", 0.95), ("GA-02", 0.95), ("XF-02", 0.5), ("SCJG-01", 0.3), ("WJ-03", 0.3))),
    ("美容美发与沐浴", 5, 0.7, ("美发店", "美容院", "沐足店"), (("WJ-01", 0.9), ("XF-01", 0.3))),
    ("医疗卫生", 2.5, 0.0, ("门诊部", "诊所", "口腔诊所"), (("WJ-02", 0.95), ("HB-03", 0.8))),
    ("药品零售", 2.5, 0.1, ("大药房", "药店"), (("SCJG-05", 0.95), ("XF-01", 0.3))),
    ("加油站", 0.3, 0.0, ("加油站",), (("SCJG-06", 1.0), ("YJ-01", 1.0), ("XF-02", 1.0), ("HB-02", 0.8))),
    ("制造业", 7, 0.1, ("电子科技", "服装制造", "印刷", "塑料制品", "食品加工"),
     (("YJ-02", 0.9), ("HB-02", 0.7), ("HB-01", 0.15), ("SCJG-04", 0.5), ("XF-01", 0.6), ("WJ-04", 0.5),
      ("YJ-03", 0.3), ("HB-03", 0.4))),
    ("危险化学品经营", 0.8, 0.0, ("化工贸易", "化工"), (("YJ-01", 1.0), ("XF-02", 0.8))),
    ("机动车维修", 3, 0.4, ("汽车维修", "汽修厂"), (("HB-03", 0.8), ("HB-02", 0.5), ("XF-01", 0.4))),
    ("建筑业", 2, 0.0, ("建筑工程", "土石方运输", "装饰工程"), (("CG-02", 0.5), ("HB-04", 0.3))),
    ("物业管理与商业综合体", 3, 0.0, ("物业管理", "商业管理"), (("SCJG-04", 0.9), ("XF-02", 0.7), ("WJ-03", 0.6))),
    ("信息技术与商务服务", 16, 0.1, ("信息科技", "网络科技", "商务咨询", "文化传播"), ()),
    ("文化娱乐场所", 2, 0.2, ("KTV", "网吧", "剧本娱乐"), (("XF-02", 0.9), ("WJ-01", 0.6))),
    ("游泳健身场所", 0.8, 0.1, ("游泳馆", "健身中心"), (("WJ-01", 0.95), ("WJ-03", 0.5))),
    ("花卉苗木经营", 1, 0.6, ("花卉", "园艺", "苗木"), (("LY-02", 0.9),)),
    ("野生动物经营利用", 0.3, 0.3, ("水族", "观赏鱼"), (("LY-03", 1.0),)),
    ("爆破作业", 0.1, 0.0, ("爆破工程",), (("GA-01", 1.0),)),
)
# Words of an enterprise's registered name (…有限公司) where the shop words would read oddly.
CORPORATE_WORDS = {
    "餐饮服务": ("餐饮管理", "饮食", "餐饮服务"), "食品销售": ("食品贸易", "商贸", "超市"),
    "住宿": ("酒店管理", "酒店"), "美容美发与沐浴": ("美容美发", "健康管理"), "药品零售": ("医药连锁", "大药房"),
    "医疗卫生": ("门诊部", "口腔门诊部", "医疗管理"), "机动车维修": ("汽车服务", "汽车维修"),
    "文化娱乐场所": ("娱乐", "文化娱乐"), "游泳健身场所": ("体育发展", "健身"), "花卉苗木经营": ("园林绿化", "花卉"),
    "野生动物经营利用": ("水族科技",), "批发和零售": ("贸易", "商贸", "服饰", "五金交电"),
    "加油站": ("石油化工", "能源"),
}
# Every enterprise (not 个体工商户) is on the public-information list with this probability.
ENTERPRISE_ITEMS = (("SCJG-03", 0.95),)

# Objects without a USCC: (registry id prefix, how many, name pattern, item, industry label).
NON_FIRMS = (
    ("LD", 60, "{road}临时使用绿地项目（{n}号）", "LY-01", "临时使用绿地"),
    ("GG", 90, "{road}户外广告设施（{n}号）", "CG-03", "户外广告设施"),
)

RISK_GRADES = ("A", "B", "C", "D", None)
RISK_WEIGHTS = (30, 45, 15, 5, 5)
STATUSES = ("active", "deregistered", "revoked", "cancelled", "moved_out")
STATUS_WEIGHTS = (94, 3, 2, 0.5, 0.5)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰志红文辉建国海燕慧鹏飞晓东雪梅婷俊峰宇浩颖嘉欣"
BRAND_HEAD = "瑞发祥福美恒金永华兴嘉宏鸿盛德富昌隆泰和安顺新利达源广粤珠南海江星汇"
BRAND_TAIL = "和泰佳盛新达利安晨隆禾图丰源昌荣兴旺顺益信诚悦康乐景明辉华鑫"
POSITIONS = ("一级科员", "二级科员", "四级主任科员", "三级主任科员", "二级主任科员", "副科长", "科长", "中队长")
LEAD_POSITIONS = ("副科长", "科长", "中队长", "二级主任科员")
LEAVE_REASONS = ("年休假", "参加执法培训", "病假", "借调市局专项工作", "产假", "探亲假")
TARGET_CONFLICT_REASONS = (
    "近亲属担任该单位法定代表人", "本人曾在该单位任职未满两年", "与该单位存在经济往来",
    "企业申请回避，已批准", "配偶在该单位任职",
)
PAIR_CONFLICT_REASONS = ("夫妻关系", "近亲属关系", "曾在同一案件中申请相互回避")

# Result shares for last year's history of active targets (the rest go to the problem family).
RESULT_WEIGHTS = (("1", 78.0), ("E", 7.0), ("F", 4.0), ("7", 1.0), ("8", 0.5), ("problem", 9.5))
STATUS_RESULT = {"deregistered": "9", "revoked": "10", "cancelled": "11", "moved_out": "12"}
FINDINGS = {
    "A": "发现问题，待后续处理", "B": "未按规定公示年度报告信息", "C": "公示的从业人数与实际不符",
    "6": "通过登记的住所无法联系", "D": "未按规定亮照经营", "3": "从业人员健康证明过期",
    "4": "特种设备未按期检验", "5": "检查发现问题，已移交后续处置", "G": "未按规定登记旅客身份信息",
    "E": "发现问题，已当场责令改正", "8": "拒不配合检查，已依法处理",
}
# Rounds last year: (first day, last day) of each window; items "每年2次" use both.
HISTORY_YEAR = 2025
HISTORY_WINDOWS = (("2025-04-01", "2025-06-30"), ("2025-09-01", "2025-11-28"))
