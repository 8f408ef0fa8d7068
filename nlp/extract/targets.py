"""Quantitative targets and reported figures (spec/extraction.md §3, §5 "Targets").

A *figure* is a number with its unit and the comparator words written right next to
it (``达到65%``, ``不低于70%``, ``控制在10%以内``). For each figure the extractor
decides

- ``comparator`` from the adjacent words (``target_comparators.tsv``): ``>= <= ~ =
  range increase decrease``; ``左右``/``约`` win over everything, a range over a verb;
  an ``actual`` figure after a verb of reaching (``2020年达19.85%``, ``增长到454万人``,
  cue ``reach``) is ``=``, while bounds keep theirs (``保持在90%以上`` ``>=``);
- ``metric``: the noun phrase the figure measures, in the clause's own wording — the
  phrase between the previous boundary (punctuation, or the previous figure) and the
  comparator, trimmed of connectives, hedges and time words; for a quantifier
  construction the counted object with the rest of its phrase (``支持1家县级妇幼保健院
  达到三级标准``), for a counted subject its predicate (``63家医疗机构接入…系统`` →
  ``接入…系统``); a bare new subject takes the previous measure (``…住院报销比例稳定在
  80%左右,城乡居民提高至70%`` → ``城乡居民政策范围内住院报销比例``);
- binding time limits (``5个工作日内提交…``, ``自受理之日起20个工作日内作出决定``) are
  ``<=`` targets whose metric is the limited action, verb first (``将划拨信息反馈到…`` →
  ``反馈划拨信息``; a bare verb keeps its non-agency subject: ``备案类问题回复``);
- ``kind``: ``actual`` (already reached) or ``target`` (a goal), from cue words, the
  governing time expression and, when known, the document's year and section;
- ``year``: the year of the nearest time expression before the figure in the clause,
  else the section's year.

Not figures (spec §5): years, dates, document and article numbers, ordinals,
back-references (``上述8家``), counts of categories written in Chinese numerals
(``三类``), eligibility thresholds (``年满65岁``, ``65岁以上老年人``), conditions
(``低于70%的市``, ``达到90%时``), sanctions (``处5000元以上1万元以下的罚款``), fixed
tariffs and entitlements, durations without a comparator (``住院60天``), alert thresholds
(``使用率达到70%,为黄色预警``), fixed cost splits (``医保基金补偿15%``), the contents of a
quoted policy (``报销比例提高10%…的扶贫政策``), conditional entitlement rules (``…就诊的,
报销比例提高10%``), descriptive totals outside reviews (``核心制度共18项``), items of a list
of conditions (``lead_in``) and time limits that name a record (``24小时内入出院记录``).

Indicator tables laid out one cell per line are read by :func:`extract_table_targets`.

>>> [(t.text, t.metric, t.comparator, t.value, t.unit) for t in extract_targets("基层就诊率达到65%,县域就诊率达到90%。")]
[('达到65%', '基层就诊率', '>=', 65.0, '%'), ('达到90%', '县域就诊率', '>=', 90.0, '%')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Iterable

from ..doc import Target, TimeExpr
from .spaces import FULLWIDTH_DIGITS, PAGE_MARK, drop_matches
from .agencies import is_agency
from .timefind import DOC_KINDS, YEAR_NUM_RE

__all__ = [
    "extract_targets",
    "extract_table_targets",
    "year_from_path",
    "table_header",
    "is_review_section",
]

# ---------------------------------------------------------------------------
# Resources

_RESOURCE_PKG = "nlp.resources"


def _read_rows(name: str) -> list[list[str]]:
    text = resources.files(_RESOURCE_PKG).joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.rstrip("\n").split("\t"))
    return rows


@dataclass(frozen=True)
class _Lex:
    units: dict[str, str]
    report: dict[str, str]
    pre: dict[str, str]
    post: dict[str, str]
    cues: dict[str, tuple[str, ...]]
    figure_re: re.Pattern
    pre_tail_re: re.Pattern


# Characters mapped one-to-one (offsets never move) before matching.
_NORMALIZE = str.maketrans(
    {
        **FULLWIDTH_DIGITS,
        "．": ".",
        "％": "%",
        "～": "~",
        "〜": "~",
        "：": ":",
        "∶": ":",
        "－": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "／": "/",
        "，": ",",
        "；": ";",
        "（": "(",
        "）": ")",
        "＜": "<",
        "＞": ">",
        "　": " ",
        "！": "!",
        "？": "?",
        "\xa0": " ",
    }
)

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

# A unit may not run on into a longer word (`115人才`, `个人`, `家庭`, `所有`, `项目`).
_UNIT_GUARD = {
    "人": "才民口员群事社类工身格文力均数次",
    "个": "人体性别案",
    "家": "庭属长电",
    "所": "有属在以得需谓",
    "名": "称单义录额",
    "项": "目",
    "种": "植子",
    "类": "别型似",
    "床": "位旁边头",
    "次": "数均",
    "支": "付出持撑部",
    "台": "账阶湾",
    "本": "级地市县科土身",
    "元": "素旦件",
    "间": "隔接",
    "座": "谈",
    "例": "如外",
    "分": "级类别配析布担摊院支期批钟",
    "日": "期间",  # (`1次日间医疗质量安全自查`: 日间 is daytime)
    "天": "然",
    "周": "期边转",
    "年": "龄级度底末内",
    "万": "",
    "亿": "",
    "户": "籍口",
    "套": "餐",
    "份": "额",
    "辆": "",
    "倍": "",
    "起": "草诉步点来到始见码止算付飞居",
    "部": "门委署局分位队级属长件",  # `3部专著` counts works; `8部门`, `3部委` name bodies
    "处": "方理置罚室长级分于在",  # `1次处方点评`: 处方 is a word, no 处
    "成": "员立为效果绩本就功熟长",  # `1家成员单位`: 成员 is a word, no 成
    "片": "区",
    "块": "钱",
}

_NUM = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千]+"
# half a unit of time (`每周在基层坐诊时间不少于半天`, `驻点时间不少于半年`): 0.5, counted only with a comparator
_HALF = r"(?<![一二三四五六七八九十两上下前后多大每])半(?=个?(?:天|日|年|月|小时)(?![度内底末中初报]|[一1]次))"  # (`不得少于半年一次`: a frequency)


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    unit_rows = _read_rows("target_units.tsv")
    units = {row[0]: row[1] for row in unit_rows}
    report = {row[0]: row[2] for row in unit_rows if len(row) > 2 and row[2]}
    pre: dict[str, str] = {}
    post: dict[str, str] = {}
    matched_pre: list[str] = []  # `rule` words are set by a rule of _attach_pre, never matched by themselves
    for word, pos, comp in _read_rows("target_comparators.tsv"):
        (pre if pos in ("pre", "rule") else post)[word.translate(_NORMALIZE)] = comp
        if pos == "pre":
            matched_pre.append(word.translate(_NORMALIZE))
    cues: dict[str, list[str]] = {}
    for cat, word in _read_rows("target_cues.tsv"):
        cues.setdefault(cat, []).append(word)
    # Unit alternatives: longest first; multiplier prefix for count/money units.
    unit_parts = []
    for u in sorted(units, key=len, reverse=True):
        guard = _UNIT_GUARD.get(u[-1], "") if len(u) == 1 or u in ("万", "亿") else ""
        pat = re.escape(u)
        if units[u] in ("count", "money") and u not in ("万", "亿"):
            pat = f"(?:[万亿千百]余?)?{pat}"  # `1.5万余人次`: 余 after the multiplier
        if guard:
            pat += f"(?![{re.escape(guard)}])"
        if u == "家":
            pat += "(?!具(?![有备]))"  # `1至2家具有…医院`: 家具 is furniture only when not 具有/具备
        unit_parts.append(pat)
    unit = "(?:" + "|".join(unit_parts) + ")"
    post_alt = _alt(post)
    figure = (
        rf"(?P<ratio>(?<![\d.:])(?P<r1>{_NUM})\s?:\s?(?P<r2>{_NUM})(?![\d:]|\.\d|\s?:))"
        rf"|(?:(?P<num>{_NUM}|{_CN_NUM}|{_HALF})(?P<approx>余|多(?=[个家所名人种项张次万]))?(?P<u1>(?:(?!\n)\s)?{unit})?"
        rf"(?:\s?(?P<sep>[-~至到])\s?(?P<num2>{_NUM}))?"
        rf"(?P<unit>(?:(?!\n)\s)?{unit})?"  # (a unit never starts the next cell: `5⏎成立…`)
        rf"(?P<post>\s?(?:{post_alt})(?!联[动系通合]|级|游|贯|转))?)"
    )
    pre_tail = rf"(?:{_alt(matched_pre)})\s*$"
    return _Lex(
        units=units,
        report=report,
        pre=pre,
        post=post,
        cues={k: tuple(sorted(v, key=len, reverse=True)) for k, v in cues.items()},
        figure_re=re.compile(figure),
        pre_tail_re=re.compile(pre_tail),
    )


# ---------------------------------------------------------------------------
# Small helpers

_YEAR_RE = re.compile(r"((?:1[89]|20|21)\d{2})\s?年")
_CN_YEAR_RE = re.compile(r"([一二三四五六七八九〇零○O]{4})年")
_FIVE_YEAR = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}
_FIVE_YEAR_RE = re.compile(r"(十[一二三四五六]五)")
_OWN_TIME_RE = re.compile(
    r"(?P<pre>到|至|截至|截止|截止到|在|于|从|自)?\s?(?P<y>(?:19|20)\d{2})\s?年"
    r"(?:\s?\d{1,2}\s?月)?(?:\s?\d{1,2}\s?日)?(?P<post>底前|年底前|年底|底|末|前|以前|之前|以后|起)?"
    r"|(?P<pre2>到|至|截至)?(?P<fy>[“\"]?十[一二三四五六]五[”\"]?)(?P<fpost>时期|期间|末|期末)?"
)
_BOUNDARY = set(",;。!?\n:")
_SENT_BOUNDARY = set(";。!?\n")
_LIST_SEP_RE = re.compile(r"^\s*(?:、|和|及|与|以及|,)\s*$")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_NOUNISH_RE = re.compile(r"[^\W\d_]")  # a letter of any script: the figure runs on into a noun
_ITEM_MARK_RE = re.compile(
    r"^(?:\s|[、,;:.()\-—·•]|\d{1,2}[.、)]|[(]?[一二三四五六七八九十]+[)、.]|[①-⑳]|[一二三四五六七八九十]是"
    r"|第[一二三四五六七八九十百零〇\d]+[条款章节项]|【[^】]{0,12}】)+"
)
_SPLIT_LIST_RE = re.compile(r"、|以及|和|及(?!以上|以下|其)|与")  # (65岁及以上: no list)
_RELATIVE_YEAR_RE = re.compile(r"(今年|明年|本年度?|年内|当年)(?:底|末)?(?:前)?")
_ANY_NUMBER_RE = re.compile(r"\d|[一二两三四五六七八九十]|首个|半(?=个?[天日年月小])")  # `首个工作日内` is a figure too; `不少于半天`
_DATE_OR_ARTICLE_RE = re.compile(r"\s?[年月日号条款级届期批轮代版](?!度|龄)")
_AGE_WORD_RE = re.compile(r"老年|儿童|青少年|年满|年龄|周岁|岁以上|岁以下|岁及以上")
_GOAL_NOUN_RE = re.compile(r"的(?:目标|要求|标准|水平|任务|底线)")
_FINE_BEFORE_RE = re.compile(r"(并处|处以|处|罚)$")
_INSPECTED_AFTER = r"(?:检查|监督|巡查|督查|抽查)"
_SANCTION_BEFORE_RE = re.compile(r"(暂停|吊销|责令)[^,;。]{0,8}$|(?:扣|(?<![稽审考复])核|扣除|扣回)$")  # `项目补助扣减20%`
# a rule bounded by a comparator (`按不低于…`), and a calculation rule (`按2016年度药品费的15%测算`), also a
# bounded base with no 的 (`按不低于年度约定采购金额30%的比例预付`)
_BOUNDED_RULE = r"按照?\s?(?:不低于|不少于|不超过|不高于|不得低于|不得超过)"
_BOUNDED_RULE_RE = re.compile(_BOUNDED_RULE)
_CALC_RULE_RE = re.compile(rf"按照?[^,;。]*的$|{_BOUNDED_RULE}[^,;。的]*$")
# `县人民医院达到三级`: an institution reaching a grade (its rank, not a measured level)
_HOSPITAL_GRADE_BEFORE_RE = re.compile(r"(?:院|医疗机构|中心|机构|站|所)(?:全部|均|要|应|力争)?(?:达到|建成|创建|晋升为?|升级为?)$")
_CATEGORY_RATIO_RE = re.compile(r"(?:报销|支付|补偿)比例(?:[\u4e00-\u9fff]{0,4}?)(?:在职职工|在职人员|退休人员|退休职工|城乡居民|居民|职工|参保人员)$")
_PAYMENT_RATIO_RE = re.compile(r"(报销|支付|补偿)比例$")
_CELL_RE = re.compile(r"[^\n\t|]+")
_DIGIT_RE = re.compile(r"\d")
# a space (or a run of them) left inside a word by PDF line wrapping: `不 超过`, `10个百分 点`, `5 %`
_WRAP_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff\d%‰％])([ \t\u3000\xa0]+)(?=[\u4e00-\u9fff\d%‰％])")
_DURATION_OK_PRE = (">=", "<=")
# a metric or a sentence cue is looked for at most this far before a figure (keeps long
# unsegmented inputs linear)
_MAX_LOOKBACK = 300
# a floor or cap separated from its number by a short verb: `至少保存3年`, `最多开具3个月`
# a retention period written as a plain amount after its verb (`保存二年备查`, `保存期为5年`): binding (=)
_RETAIN_RE = re.compile(r"保存(?:期限?|时间)?为?\s?$|保存至(?:超过)?[^,;。\d]{2,16}?$")
# the metric of a retention period: the record, a modal, the verb and the event it runs to
_RETAIN_METRIC_RE = re.compile(r"^(?P<s>[^,;。]*?)(?P<modal>应当|必须|应|须|需)?保存(?P<to>至[^,;。]+)?$")
# a duration followed in its phrase by `一次`: the interval of a recurring action
_INTERVAL_AFTER_RE = re.compile(r"[^,;。!?\n:\d]{0,12}?(?:一|1)\s?次")
_GAP_COMP_RE = re.compile(r"(?:至少|最少|不少于|不低于|不得少于)[\u4e00-\u9fff]{1,3}$")
_SPLIT_DURATION_RE = re.compile(r"\s*(?:工\s*作\s*日|月|小\s*时|星\s*期)")
# `100张床位以上的医疗机构`: a size condition, not a count
_SCOPE_COND_RE = re.compile(r"[\u4e00-\u9fff]{0,4}(?:以上|以下|及以上|及以下)的")
# a population denominator before a quantity: `每千常住人口`, `每10万人口`
_RATE_BASE_RE = re.compile(r"^每(?:[千万百]|十万|\d+万?)(?:名|个)?(?:常住|户籍|服务|城乡|农村|城镇|\d+岁及?以上)?(?:人口|人|居民|老年人|儿童)")
# scope words that may stand before a counted subject (`全市63家医疗机构接入…`)
# the place a figure is counted over (`全市`, `我县`), the words all scope patterns below share
_SCOPE_PLACES = "全市|全县|全区|全省|全州|全国|我市|我县|我区|我省"
_SCOPE_RE = re.compile(rf"(?:{_SCOPE_PLACES}|本市|本县|其中|共|共有|另有|累计)+(?:已有|现有|有)?")
# a metric names a measure: `…率`, `…数`, `…比例`, `…水平` (used to split `A率、B率分别达到…`)
_MEASURE_END_RE = re.compile(r"(?:率|数|比|例|重|水平|量|额|费用|时间|日|寿命|人次|面|收入|支出|规模|指数|年限|时限|间隔|幅度|增幅|降幅|期限|周期)$")
_QUALIFIER_GAP_RE = re.compile(r"^\s*\([^()]{1,12}\)\s*(?:、|和|及|与|,)\s*$")
_COMPARE_TAIL_RE = re.compile(
    r"(?<![老青少成幼中童周同当今明去每全半])年$"  # `服务量年增长15%`: a rate per year
    r"|(?:较|比|与|同)\s?(?:(?:19|20)\d{2}\s?年(?:底|末)?|“?十[一二三四五]五”?末?|上年|去年|上一年|上年度|基期|同期|目前|现在)(?:相比|同期|水平)?$"
    # `报销比例在现行政策基础上`, `报销比例较二级以上医院`: the base a change is measured from
    r"|(?<=[率例数量额准])(?:在[^,;。在]{1,10}基础上|较[^,;。较\d]{2,12})$"
    r"|(?<=[\u4e00-\u9fff])(?:控制在|降至|降低到|达到|保持在)每[^,;。\d每]{1,5}$"  # `使用强度控制在每百人天` + 40DDDs
)
# an event phrase at the head of a metric (`取药后`, `患者出院后`, `自受理之日起`); `最后`, `今后`,
# `此后`… are words, and an event of one character (`术后`, `产后`) is part of a name
_LEAD_EVENT_RE = re.compile(
    r"^(?:自|从|在|于)?[^,;。、的\d]{2,12}?(?:(?:之日|次日|当日)起|之日后|之后|以后|(?<![最然而随前落滞此今先背善事午日])后)(?=[\u4e00-\u9fff])"
)
_PERIOD_MEASURE_RE = re.compile(r"(?:时间|期限|时限|年限|保存期)$")
# a free frequency word before a count (`每天`, `每周`, `每半年`, `每2年`): the period, not the measure
_FREQ_RE = re.compile(
    r"每\s?(?:个\s?)?(?:半\s?年|年度?|季度?|月|周|星期|天|日|工作日|班|(?:\d+|[一二两三四五六七八九十]+)\s?(?:个\s?)?(?:年|季度|月|周|天|日|小时))"
)
_FLOOR_WORD_RE = re.compile(r"不得少于|不应少于|不少于|不得低于|不低于|至少|最少")
# a verb creating the thing a `N以上的X` phrase sizes (`建立300人以上的人才库`): a floor on its size, not a class
_BUILD_BEFORE_RE = re.compile(r"(?:建立|组建|建成|打造|形成|培育|组织)$")
# an index, measured with no unit (`CMI值`, `费用消耗指数`, `基尼系数`)
_INDEX_BEFORE_RE = re.compile(r"(?:指数|系数|CMI值?)\s?(?:均|要|应|力争|分别)?\s?$")
# an indicator measured in days (`平均住院日为8.6天`), as opposed to how long an action lasts
_STAY_BEFORE_RE = re.compile(r"住院日\s?(?:为|是|由|从)?\s?$")
# a payment method after 按 (kept in a metric): 按DRG付费, 按病种分值付费, 按床日付费
_PAY_METHOD_RE = re.compile(r"\s?(?:DRG|DIP|病种|病组|床日|人头|项目|疗效|绩效|服务单元)[^,;。]{0,8}?(?:付费|结算|支付)")
# a change verb left at the end of a metric (`…较2020年提升` + 约9个百分点)
_CHANGE_TAIL_RE = re.compile(r"(?:(?:较|比|同比)[^,;。较比]{0,12}?)?(?P<v>提升|提高|增长|增加|下降|降低|减少|缩短|上升)$")
# a verb between a rate's base and its counted noun (`每万名城乡居民拥有` + 2-3名合格的全科医生)
_HAVE_BEFORE_RE = re.compile(r"(拥有|配备|配置)\s?$")
# attributes that measure something named in the phrase before (`推广…门诊，覆盖率达到80%`)
_BARE_MEASURE_RE = re.compile(r"覆盖率|样本量|完成率|合格率|达标率|使用率|知晓率|参与率|满意度|开展率|配备率|设置率")
# a bracket note closing a metric (`药占比（不含中药饮片）`)
_TAIL_NOTE_RE = re.compile(r"[（(][^()（）]{1,20}[)）]$")
# the scope a metric opens with (dropped where a metric is borrowed: 每千常住人口 + 中医类别…医师)
_SCOPE_LEAD_RE = re.compile(rf"^(?:{_SCOPE_PLACES}|本市|本县)")
# `全市有中医类医院9家`: 有 after the scope is no part of the measure
_SCOPE_HAS_RE = re.compile(rf"^({_SCOPE_PLACES})(?:已经|已|共|现)?有(?=[\u4e00-\u9fff]{{2}})")
# watching a measure before its goal is set: `持续跟踪…占比`, `密切监测…`
_MONITOR_RE = re.compile(r"(?:持续|密切|动态|定期)?(?:跟踪|监测|关注|监控)")
# a base: `…81.4%的基础上`, `高于2015年的0.36人`
_BASE_AFTER_RE = re.compile(r"\s?的?基础上")
_BASE_PHRASE_RE = re.compile(r"(?:在|以)[^,;。在以]{1,28}?基础上\s?$")
_COMPARED_YEAR_BEFORE_RE = re.compile(r"(?:高于|低于|较|比|多于|少于|超过)\s?(?:19|20)\d{2}\s?年(?:底|末)?的?\s?$")
# a population a count is taken from: `41家乡镇卫生院中已有40家…`, `98个…中心中,有31个…`
_POPULATION_OF_RE = re.compile(r"[^,;。\d]{2,24}?中\s?[,，]?\s?(?:已经|已|共|均|仅|只)?有\s?\d")
_PARTITIVE_HAS_RE = re.compile(r"\d+(?:\.\d+)?\s?(?:个|家|所|名|人)(?P<noun>[^,;。\d]{2,24}?)中\s?[,，]?\s?(?:已经|已|共|均|仅|只)?有\s?$")
# the next item of a counted list, a noun with no verb of its own (`、省级临床重点专科` + 11个)
_LIST_ITEM_GAP_RE = re.compile(r"、\s?[\u4e00-\u9fff()（）]{2,20}")
# holding something a bounded number of times (`开展不少于2次的安全检查`)
_HOLD_BEFORE_RE = re.compile(r"(?:开展|进行|举办)\s?$")
_HELD_FOR_RE = re.compile(r"对[^,;。对]{1,16}?(?:开展|进行|举办)\s?$")  # `对基层西医医师开展` + 不少于100学时的…培训
# the next share of a list of shares (`…和70%以上的村卫生室`)
_NEXT_SHARE_RE = re.compile(r"(?:和|、|及|与|以及)\s?(?:不低于|不少于|不高于|不超过|至少)?\s?\d+(?:\.\d+)?\s?%(?:以上|以下|及以上)?的")
# actions whose length a plan sets (`进修3个月以上`, `下沉基层服务6个月以上`); not followed by 的/者 (a condition)
_TERM_VERB_BEFORE_RE = re.compile(r"(?:进修|培训|轮训|轮转|服务|驻点|帮扶|支援|锻炼|坐诊|蹲点)$")
_CONDITION_AFTER_RE = re.compile(r"的|者|[,，]?(?:可|方可|才)")
# "less than" written before a figure, the usual wording of a condition (`不足1000人的`, `少于800人…的`)
_BELOW_CONDITION_RE = re.compile(r"(?:不足|(?<!不)少于|(?<!不)低于|(?<!不)小于|未满|不满)$")
_CAP_WORD_RE = re.compile(r"不得超过|不超过|不多于|最多|至多|不高于")
# bare attributes that name no record by themselves, and the topic clause that names it
_BARE_ATTR_RE = re.compile(r"(?:保存|保管|存档|归档|储存|贮存)?(?:时间|期限|时限|年限)|保存期|有效期")
_TOPIC_RE = re.compile(
    r"^(?P<t>[^,;。由的]{0,14}(?:病历|处方|档案|资料|凭证|记录|票据|材料|报告|样品|标本|数据|信息|文书|账|册|单|表|书|证))(?:由[^,;。]{1,20})?$"
)
# `三级医师中最高级别的医师`: the group a partitive picks from (not `县中医院`, `其中`)
_PARTITIVE_RE = re.compile(r"^[\u4e00-\u9fff]{2,10}?(?<!其)中(?![医药心国央级小])(?=[\u4e00-\u9fff]{2})")
# a floor comparator, then the period a count is per (`不得少于半年一次`, `不少于每季度一次`)
_PERIOD_FLOOR_RE = re.compile(
    r"(?P<c>不得少于|不应少于|不少于|不低于|不得低于|至少|最少)\s?(?:每\s?)?(?:个\s?)?(?:半\s?年|年度?|季度?|月|周|星期|天|日|工作日)\s?$"
)
_CN_FLOOR_RE = re.compile(r"(?:至少|不少于|最少|新建|新增|建成|建好|建设|配备|培养|组建|设立|创建|打造|办好)[\u4e00-\u9fff]{0,3}$")
_INCL_PAREN_RE = re.compile(r"\(含[^()]{0,12}\)")
_METRIC_COMP_RE = re.compile(r"(至少|最少|不少于|不得少于|不低于|不超过|不得超过|最多|最长不超过)(?=[^,;。]{1,6}$)")
_SHARE_OF_RE = re.compile(r"^(?P<m>.+?)(?P<c>不得少于|不得低于|不得超过|不得高于|不得多于|不宜超过|不宜高于|不少于|不低于|不超过|不高于|低于|高于|超过|少于|控制在|保持在|稳定在|维持在|达到|占)(?P<d>[^,;。]{1,20}?)的?$")
_SHARE_COMP_RE = re.compile(r"不得少于|不得低于|不得超过|不得高于|不得多于|不宜超过|不宜高于|不少于|不低于|不超过|不高于|低于|高于|超过|少于|控制在|保持在|稳定在|维持在|达到|占")
# comparators that, followed by 的, state a condition (`低于70%的市`, `记分达到12分的`)
# `县域内就诊率达到90%的得满分`: the standard a scoring rule sets is the goal, not a condition on a thing
_FULL_MARKS_RE = re.compile(r"的,?\s?(?:得满分|得[\d.]+分|计满分|不扣分)")
_CONDITION_PRE = {"达到", "达", "超过", "高于", "低于", "不足", "少于", "大于", "小于", "不满", "不到", "未达到", "满"}
# a comparison word, then a base without numbers, right before a figure: `高于中选价格1.8倍以上的`
_COMPARED_BASE_RE = re.compile(r"(?:(?<![不得])(?:高于|低于|超过|超出|大于|小于|少于)|不足)[^\d,;。:!?\n]{1,12}$")
_FROM_RE = re.compile(r"(?:从|由)[^,;。从由]{0,14}?[\d.,]+(?::[\d.]+)?\s?\S{0,4}$")


def _cn_to_num(s: str) -> float | None:
    """``"三"`` → 3, ``"十二"`` → 12, ``"二十五"`` → 25, ``"一百"`` → 100; None if not a numeral."""
    if not s:
        return None
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (cur or 1) * _CN_UNITS[ch]
            cur = 0
        else:
            return None
    return float(total + cur)


def _to_num(s: str) -> float | None:
    s = s.replace(",", "").strip()
    if not s:
        return None
    if s[0].isdigit():
        try:
            return float(s)
        except ValueError:
            return None
    return _cn_to_num(s)


def _starts_with_any(s: str, words: tuple[str, ...]) -> str | None:
    for w in words:
        if s.startswith(w):
            return w
    return None


def _ends_with_any(s: str, words: tuple[str, ...]) -> str | None:
    for w in words:
        if s.endswith(w):
            return w
    return None


def _year_of_time(t: TimeExpr) -> int | None:
    val = None
    if t.type in ("deadline", "period"):
        val = t.value_end or t.value_start
    elif t.type in ("date", "start"):
        val = t.value_start or t.value_end
    if val and len(val) >= 4 and val[:4].isdigit():
        return int(val[:4])
    return _year_in_text(t.text)


def _year_in_text(s: str) -> int | None:
    m = _YEAR_RE.search(s)
    if m:
        return int(m.group(1))
    m = _FIVE_YEAR_RE.search(s)
    if m:
        return _FIVE_YEAR[m.group(1)]
    m = _CN_YEAR_RE.search(s)
    if m:
        digits = "".join(str({"〇": 0, "零": 0, "○": 0, "O": 0}.get(c, _CN_DIGITS.get(c, 0))) for c in m.group(1))
        y = int(digits)
        if 1900 <= y <= 2100:
            return y
    return None


@dataclass
class _Time:
    start: int
    end: int
    year: int | None
    type: str  # deadline | date | period | start | relative


def _own_times(text: str, norm: str, doc_year: int | None) -> list[_Time]:
    """A light detector for the years written in a clause, used when ``times`` is None."""
    out: list[_Time] = []
    for m in _OWN_TIME_RE.finditer(norm):
        if m.group("y"):
            pre, post = m.group("pre") or "", m.group("post") or ""
            if pre in ("到", "至") or "前" in post:
                typ = "deadline"
            elif pre in ("从", "自") or post in ("起", "以后"):
                typ = "start"
            else:
                typ = "date"
            out.append(_Time(m.start(), m.end(), int(m.group("y")), typ))
        else:
            fy = _FIVE_YEAR_RE.search(m.group("fy"))
            year = _FIVE_YEAR[fy.group(1)] if fy else None
            typ = "deadline" if m.group("pre2") or (m.group("fpost") or "") in ("末", "期末") else "period"
            out.append(_Time(m.start(), m.end(), year, typ))
    for m in _RELATIVE_YEAR_RE.finditer(norm):
        y = None
        if doc_year is not None:
            y = doc_year + 1 if m.group(1) == "明年" else doc_year
        out.append(_Time(m.start(), m.end(), y, "relative"))
    out.sort(key=lambda t: t.start)
    return out


# ---------------------------------------------------------------------------
# Figures


@dataclass
class _Fig:
    start: int  # span start (incl. pre comparator)
    end: int  # span end (incl. post word)
    num_start: int
    num_end: int  # end of value+unit (before post)
    pre: str
    post: str
    value: float | None
    value_max: float | None
    unit: str | None
    unit_class: str | None
    ratio: bool
    chinese: bool
    sep: str | None
    approx: bool = False


def _ratio_value(r1: float | None, r2: float | None) -> float | None:
    """The value of a ratio `r1:r2` (spec §5): `1:1.6` → 1.6, `14:1` → 14 (the term that is not 1)."""
    return r1 if r2 == 1 and r1 != 1 else r2


_FRACTION_RE = re.compile(
    r"(?<![\d一二三四五六七八九十百])(?:(?P<den>[二三四五六七八九十]|十[一二三四五六七八九]|\d{1,2})分之(?P<num>[一二三四五六七八九十]|\d{1,2})(?![\d一二三四五六七八九十])"
    r"|(?:(?<=超过)|(?<=达到)|(?<=不少于)|(?<=不低于)|(?<=低于)|(?<=不到)|(?<=减少)|(?<=缩短)|(?<=降低)|(?<=提高)|(?<=增加)|(?<=不足)|(?<=近)|(?<=约))(?P<half>一半))"
)


def _find_figures(norm: str) -> list[_Fig]:
    """Every number with its unit, range partner and trailing comparator word."""
    lex = _lex()
    figs: list[_Fig] = []
    for m in lex.figure_re.finditer(norm):
        if m.group("ratio"):
            # `1:1.6` → 1.6 比, `14:1` → 14 比 (the term that is not 1); `_excluded` keeps it only after a
            # ratio metric or a comparator
            s, e = m.start(), m.end()
            r1, r2 = _to_num(m.group("r1")), _to_num(m.group("r2"))
            post = "左右" if norm.startswith("左右", e) else ""  # `1:0.6左右`
            figs.append(_Fig(s, e + len(post), s, e, "", post, _ratio_value(r1, r2), None, "比", "ratio", True, False, None))
            continue
        num = m.group("num")
        if num is None:
            continue
        u1 = (m.group("u1") or "").strip()  # unit written after the first number of a range
        unit = (m.group("unit") or "").strip() or u1
        approx = bool(m.group("approx"))
        if "余" in unit:  # `1.5万余人次`: more than 1.5万人次
            unit, u1, approx = unit.replace("余", ""), u1.replace("余", ""), True
        num2 = m.group("num2")
        num_end = m.end("unit") if m.group("unit") else (m.end("num2") if num2 else (m.end("u1") if u1 else m.end("num")))
        post = (m.group("post") or "").strip()
        end = m.end("post") if post else num_end
        if post == "内" and lex.units.get(_base_unit(unit)) != "duration" if unit else post == "内":
            post, end = "", num_end  # `内` closes only a time limit (`5个工作日内`)
        if num2 is not None and u1 and m.group("unit") and u1 != unit:
            # `85%-90个`: not one range; keep the first number alone
            num2 = None
            unit = u1
            num_end = end = m.end("u1")
            post = ""
        figs.append(
            _Fig(
                start=m.start(),
                end=end,
                num_start=m.start(),
                num_end=num_end,
                pre="",
                post=post,
                value=0.5 if num == "半" else _to_num(num),
                value_max=_to_num(num2) if num2 else None,
                unit=lex.report.get(unit, unit) or None,
                unit_class=lex.units.get(_base_unit(unit)) if unit else None,
                ratio=False,
                chinese=not num[0].isdigit(),
                sep=m.group("sep"),
                approx=approx,
            )
        )
    for m in _FRACTION_RE.finditer(norm) if ("分之" in norm or "一半" in norm) else ():
        # `缩短三分之一`, `超过一半`: a share written as a fraction, reported in per cent (33.3 %, 50 %)
        if m.group("half"):
            value = 50.0
        else:
            den, num = _cn_to_num(m.group("den")) or _to_num(m.group("den")), _cn_to_num(m.group("num")) or _to_num(m.group("num"))
            if not den or not num or num >= den:
                continue
            value = round(100 * num / den, 1)
        post = next((w for w in ("以上", "以下", "左右") if norm.startswith(w, m.end())), "")
        figs = [f for f in figs if f.end <= m.start() or f.start >= m.end()]  # (三分之一 is no 三分)
        figs.append(_Fig(m.start(), m.end() + len(post), m.start(), m.end(), "", post, value, None, "%", "pct", False, True, None))
    for m in _FIRST_WORKDAY_RE.finditer(norm):
        # `诊疗活动结束后首个工作日内将病历归档`: a limit of one working day
        figs.append(_Fig(m.start(), m.end(), m.start(), m.end("u"), "", m.group("post"), 1.0, None, "个工作日", "duration", False, True, None))
    figs.sort(key=lambda f: f.start)
    for a, b in zip(figs, figs[1:]):
        if a.unit == "个" and b.unit in ("个百分点", "个千分点") and norm[a.end : b.start] in ("和", "、", "及", "与", "或"):
            # `分别提高2.1个和3.8个百分点`: the first `个` is short for the unit the second writes out
            a.unit, a.unit_class = b.unit, b.unit_class
    return figs


def _unit_word(unit: str | None) -> str:
    """A unit as a word, without the spaces a line break or a web copy left in it (`个 月` → 个月)."""
    return re.sub(r"\s", "", unit or "")


def _base_unit(unit: str) -> str:
    lex = _lex()
    if unit in lex.units:
        return unit
    if unit[:1] in "万亿千百" and unit[1:] in lex.units:
        return unit[1:]
    return unit


# ---------------------------------------------------------------------------
# Public API


def extract_targets(
    text: str,
    *,
    times: list[TimeExpr] | None = None,
    section_year: int | None = None,
    doc_year: int | None = None,
    path: list[str] | None = None,
    lead_in: str | None = None,
) -> list[Target]:
    """Find the quantitative targets and reported figures of one clause.

    ``times`` are the clause's time expressions (offsets into ``text``); they give each
    figure its ``year`` (nearest before it) and help decide ``kind``. Without them a
    small built-in detector finds written years (``到2025年``, ``2020年``, ``“十四五”末``).
    ``section_year`` is used when the clause has no year of its own; ``doc_year`` (the
    document's issue year) makes figures of earlier years ``actual`` and resolves
    ``今年``/``明年``; ``path`` (heading texts) gives a section year and tells whether the
    section reviews achievements (figures there default to ``actual``).

    ``lead_in`` is the sentence introducing the list the clause is an item of (``申请定点的
    医疗机构应当同时具备以下基本条件:`` before ``(一)正式运营至少3个月;``): items of a list
    of conditions or circumstances are eligibility thresholds, not targets (spec §5).

    Offsets are relative to ``text`` and ``text[t.start:t.end] == t.text``.

    >>> t = extract_targets("到2025年,每千人口执业(助理)医师数达到3.2人。")[0]
    >>> (t.text, t.metric, t.comparator, t.value, t.unit, t.kind, t.year)
    ('达到3.2人', '每千人口执业(助理)医师数', '>=', 3.2, '人', 'target', 2025)
    """
    if not text or not isinstance(text, str):
        return []
    if lead_in and any(rx.search(re.sub(r"\s", "", lead_in)) for rx in (_CONDITION_LIST_RE, _MATERIAL_LIST_RE)):
        return []  # items of a list of conditions or of application materials (spec §5)
    if ":" in text or "：" in text or "∶" in text:
        sy = section_year if section_year is not None else (year_from_path(path) if path else None)
        found, spans = _indicator_lines(text, sy)
        if found:
            # an indicator list written one indicator per line (spec §3, like a table row);
            # the clause's other lines are read as prose
            rest = list(text)
            for s, e in spans:
                rest[s:e] = " " * (e - s)
            rest_text = "".join(rest)
            rest_times = None if times is None else [t for t in times if not any(s <= t.start < e for s, e in spans)]
            others = _extract(rest_text, rest_times, section_year, doc_year, path) if rest_text.strip() else []
            return sorted(found + others, key=lambda t: t.start)
    soft = _soft_wraps(text)
    if soft or _WRAP_SPACE_RE.search(text):
        return _extract_compacted(text, times, section_year, doc_year, path, soft)
    return _extract(text, times, section_year, doc_year, path)


def _soft_wraps(text: str) -> list[int]:
    """Newlines a PDF left inside a sentence (`…于患者转入后\n24小时内完成`): not a boundary.

    A newline between two CJK characters or digits is a wrap when the line before it is a long
    line of prose (15 characters or more, not opened by an item mark) and the line after it is
    prose too (it holds `,`, `;` or `。`), not the next cell of a table.
    """
    out = []
    for m in _SOFT_WRAP_RE.finditer(text):
        ls = text.rfind("\n", 0, m.start()) + 1
        line = text[ls : m.start()].strip()
        if len(line) < 15:
            continue
        im = _ITEM_MARK_RE.match(line.translate(_NORMALIZE))
        if im and im.end() > 0:
            continue
        le = text.find("\n", m.end())
        nxt = text[m.end() : le if le != -1 else len(text)].translate(_NORMALIZE)
        im = _ITEM_MARK_RE.match(nxt)
        if (im and im.end() > 0) or not re.search(r"[,;。]", nxt):
            continue
        out.append(m.start())
    return out


_SOFT_WRAP_RE = re.compile(r"(?<=[\u4e00-\u9fff\d])\n(?=[\u4e00-\u9fff\d])")


def _extract_compacted(
    text: str, times: list[TimeExpr] | None, section_year: int | None, doc_year: int | None, path: list[str] | None,
    soft: list[int] | None = None,
) -> list[Target]:
    """Extract from ``text`` with line-wrap spaces inside words removed (`不 超过10个百分 点`).

    PDF extraction leaves spaces inside words; matching runs on the text without them
    and every span is mapped back to ``text`` (so ``text[start:end]`` keeps the space).
    Newlines wrapping a sentence (``soft``, from :func:`_soft_wraps`) are removed likewise.
    """
    compact, pos = drop_matches(text, _WRAP_SPACE_RE, 1)
    if soft:
        drop = set(soft)
        keep = [k for k, i in enumerate(pos) if i not in drop]
        compact = "".join(compact[k] for k in keep)
        pos = [pos[k] for k in keep]
    # original offset -> compact offset (a removed space maps to the next kept char)
    to_c = [0] * (len(text) + 1)
    j = 0
    for i in range(len(text)):
        to_c[i] = j
        if j < len(pos) and pos[j] == i:
            j += 1
    to_c[len(text)] = j
    ctimes = None
    if times is not None:
        ctimes = [
            TimeExpr(text=t.text, start=to_c[t.start], end=to_c[t.end], type=t.type, value_start=t.value_start,
                     value_end=t.value_end, granularity=t.granularity, every=t.every)
            for t in times
            if 0 <= t.start <= t.end <= len(text)
        ]
    out = []
    for t in _extract(compact, ctimes, section_year, doc_year, path):
        s = pos[t.start] if t.start < len(pos) else len(text)
        e = pos[t.end - 1] + 1 if t.end > 0 else s
        out.append(replace(t, start=s, end=e, text=text[s:e]))
    return out


def _extract(
    text: str, times: list[TimeExpr] | None, section_year: int | None, doc_year: int | None, path: list[str] | None
) -> list[Target]:
    norm = text.translate(_NORMALIZE)
    if not _ANY_NUMBER_RE.search(norm):
        return []
    if section_year is None and path:
        section_year = year_from_path(path)
    review = (is_review_section(path) or _is_problem_section(path)) if path else False
    if times is not None:
        tlist = [
            _Time(t.start, t.end, _year_of_time(t), t.type if t.type != "recurring" else "recurring")
            for t in times
            if 0 <= t.start <= t.end <= len(text)
        ]
        tlist.sort(key=lambda t: t.start)
    else:
        tlist = _own_times(text, norm, doc_year)
    time_spans = [(t.start, t.end) for t in tlist if t.type != "recurring"]
    # `较2015年降低15%`: a base of comparison is not the figure's year
    tlist = [t for t in tlist if not (norm[max(0, t.start - 1) : t.start] in ("较", "比") or norm[t.end : t.end + 2] in ("相比", "基础"))]
    # `从2016年的51.2%提高到65%`: the year of a base value dates neither the base nor the goal
    tlist = [t for t in tlist if not (norm[max(0, t.start - 1) : t.start] in ("从", "由") and _BASE_VALUE_AFTER_RE.match(norm, t.end))]
    tlist = [t for t in tlist if not _accounting_period(norm, t, tlist)]

    raw = _find_figures(norm)
    figs: list[_Fig] = []
    last_end = 0
    for f in raw:
        if any(s <= f.num_start < e or s < f.num_end <= e for s, e in time_spans):
            continue
        if not _attach_pre(norm, f):
            continue
        if f.start < last_end:
            # `10%以上升至20%`: a comparator word never reaches into the previous figure
            f.start, f.pre = f.num_start, ""
            if f.chinese:
                continue
        figs.append(f)
        last_end = f.end

    # keep only figures that pass the exclusion rules; group distributive lists
    accepted: list[_Fig] = []
    for f in figs:
        if _excluded(norm, f):
            continue
        accepted.append(f)
    groups = _group_lists(norm, accepted)

    out: list[Target] = []
    prev_end = 0
    prev_quant: str | None = None
    excluded_as: tuple[int, str] | None = None  # (end, unit) of a figure after 为 just excluded
    for group in groups:
        if group[0].num_start < prev_end:
            continue  # inside the previous figure's metric (`60%以上的县至少有1家…医疗机构`)
        sent_lo = _sentence_start(norm, group[0].start)
        prev_metric = out[-1].metric if out and out[-1].end > sent_lo else None
        if prev_metric is None and len(out) == 1 and out[-1].metric and _SUPERLATIVE_RE.match(group[0].pre or "") \
                and norm[_segment_start(norm, group[0].start, prev_end) : group[0].start].strip() == "" \
                and _unit_word(out[-1].unit) == _unit_word(group[0].unit):
            # `处方量一般在4周内;…适当延长,最长不超过12周`: an outer bound with no measure of its
            # own bounds the clause's one figure before it, when that has the same unit
            prev_metric = out[-1].metric
        gap = norm[prev_end : group[0].start]
        pq = prev_quant if prev_quant is not None and gap.strip() in ("、", "和", "及", ",", "以及") else None
        info: dict = {}
        if out and out[-1].end > sent_lo and out[-1].comparator in ("increase", "decrease") and not group[0].pre \
                and _LIST_ITEM_GAP_RE.fullmatch(norm, out[-1].end, group[0].start):
            # `新增三级医院4家、省级临床重点专科11个`: the verb before a list of counted items adds each of them
            info["list_change"] = out[-1].comparator
        info["prev_kind"] = out[-1].kind if out and out[-1].end > sent_lo else None
        info["prev_unit"] = _unit_word(out[-1].unit) if out and out[-1].end > sent_lo else None
        if excluded_as is not None and _continues_excluded(norm, excluded_as, group[0]):
            # `住院报销比例为90%，县级医院为80%，县外医院为60%`: the rows of the excluded entitlement table
            excluded_as = (group[0].end, excluded_as[1])
            prev_end = max(prev_end, group[-1].end)
            continue
        targets = _targets_for_group(text, norm, group, prev_end, tlist, section_year, doc_year, review, prev_metric, pq, info)
        for t in targets:
            _split_verb_goal(text, norm, t)
        prev_quant = info.get("quant")
        if targets:
            out.extend(targets)
            prev_end = max(prev_end, max(t.end for t in targets), group[-1].end, info.get("after_end", 0))
        elif group[0].pre or _is_time_limit(norm, group[0]):
            prev_end = max(prev_end, group[-1].end)  # a real figure, excluded as a tariff etc.
        after_wei = norm[group[0].start - 1 : group[0].start] == "为"
        excluded_as = (group[-1].end, _unit_word(group[0].unit)) if not targets and after_wei else None
    _share_rate_base(norm, out)
    _reach_before_year(norm, out)
    _pair_changes(norm, out)
    return out


def _pair_changes(norm: str, out: list[Target]) -> None:
    """`A和B…分别为84.3%和71.6%，比2020年分别提高2.1个和3.8个百分点`, `A为89.6%，B为57.3%，同比分别提高0.9个和1.8个百分点`:
    a second pair of figures said `分别` of the same two measures takes their metrics in order (it was given the last
    one's twice)."""
    for k in range(2, len(out) - 1):
        p1, p2, c1, c2 = out[k - 2], out[k - 1], out[k], out[k + 1]
        if c1.metric and c1.metric == c2.metric == p2.metric and p1.metric and p1.metric != p2.metric \
                and norm[c1.end : c2.start] in ("和", "、", "及", "与") and not re.search(r"[。;；]", norm[p1.end : c1.start]) \
                and "分别" in norm[p2.end : c1.start] and p1.unit == p2.unit \
                and (k < 3 or re.search(r"[。;；]", norm[out[k - 3].end : p1.start])):  # (a pair, not the end of a longer list)
            c1.metric = p1.metric


def _reach_before_year(norm: str, out: list[Target]) -> None:
    """`由2020年的5.8张增加到2025年的6.5张`, `分别增加到2022年的2.0平方米、2030年的2.6平方米`: a plain value
    whose verb of reaching stands before its year (and the items listed after it) takes that verb's comparator."""
    pre = _lex().pre
    comp = None
    prev_end = -1
    for t in out:
        m = _TO_YEAR_OF_RE.search(norm, max(0, t.start - 16), t.start)
        if m:
            comp = pre.get(m.group("c"))
        elif not (comp and prev_end >= 0 and _NEXT_YEAR_ITEM_RE.fullmatch(norm, prev_end, t.start)):
            comp = None
        if comp and t.comparator == "=" and t.kind == "target":  # (a value reached is `=`)
            t.comparator = comp
        prev_end = t.end


_NEXT_YEAR_ITEM_RE = re.compile(r"、\s?(?:19|20)\d{2}\s?年(?:底|末)?的?")


# the population base of a rate that opens its metric: `每千常住人口` (执业(助理)医师), `每千名儿童拥有`
_RATE_PREFIX_RE = re.compile(
    r"^每(?:[千万百]|十万|百万)(?:名|个)?(?:常住|户籍|服务|城乡|农村|城镇)?(?:人口|居民|老年人|儿童)(?:拥有|配备|有)?")


def _share_rate_base(norm: str, out: list[Target]) -> None:
    """`每千常住人口执业(助理)医师2.71人、注册护士2.94人`: an item listed after a rate with only `、` between
    them is a rate on the same base (每千常住人口注册护士)."""
    for a, b in zip(out, out[1:]):
        m = _RATE_PREFIX_RE.match(a.metric or "")
        if not m or not b.metric or b.metric.startswith("每") or b.comparator in ("increase", "decrease"):
            continue
        gap = norm[a.end : b.start]
        if "、" in gap and not re.search(r"[,;。:!?\n]", gap) and b.metric in gap:
            b.metric = m.group() + b.metric


_ROW_GAP_RE = re.compile(r"[,;、]\s?[\u4e00-\u9fff()]{1,10}$")


def _continues_excluded(norm: str, excluded_as: tuple[int, str], f: _Fig) -> bool:
    """A figure continuing, after 为 and with the same unit, the list of a figure just excluded
    (`报销比例为90%，县级医院为80%`): a row of the same entitlement table, excluded with it."""
    end, unit = excluded_as
    return norm[f.start - 1 : f.start] == "为" and not f.pre and _unit_word(f.unit) == unit \
        and _ROW_GAP_RE.fullmatch(norm, end, f.start) is not None


_SPLIT_VERB_RE = re.compile(r"^(?:将|把)?(?P<v>提高|提升|增加|扩大|降低|下降|减少|压缩|缩短)(?P<m>[^,;。]{2,40}?)(?:至|到)$")


def _split_verb_goal(text: str, norm: str, t: Target) -> None:
    """`提高住院分娩费用报销比例至75%`: the verb before the measure and `至` before the figure make
    a goal to reach (提高 → `>=`, 降低 → `<=`), measuring what stands between them; the span
    takes `至`, as `提高至75%` would."""
    if t.comparator != "=" or t.kind != "target" or not t.metric or t.start == 0 or norm[t.start - 1] not in "至到":
        return
    m = _SPLIT_VERB_RE.match(t.metric)
    if not m:
        return
    t.metric = m.group("m")
    t.comparator = ">=" if m.group("v") in ("提高", "提升", "增加", "扩大") else "<="
    t.start -= 1
    t.text = text[t.start : t.end]


_PER_SHORTFALL_BEFORE_RE = re.compile(r"每(?:低|少|高|多|超|超过|低于|高于|减少|增加|下降|上升|降低|提高|差)?\s?$")
_SCORE_AFTER_RE = re.compile(r"\s?[,]?\s?(?:扣|减|加|得|奖)\s?[\d.]+\s?分")
_PER_SHORTFALL_VERB_RE = re.compile(r"每(?:低|少|多|缺|超|减少|增加)[\u4e00-\u9fff]{1,4}$")
_SCORE_AFTER_NOUN_RE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:扣|减|加)\s?[\d.]+\s?分")
_TO_YEAR_OF_RE = re.compile(
    r"(?P<c>(?:提高|提升|增加|增长|上升|扩大|降低|下降|减少|缩短|压缩|压减)(?:到|至)|降至|增至|升至)"
    r"(?:(?:19|20)\d{2}\s?年(?:底|末)?的?)$"
)


def _attach_pre(norm: str, f: _Fig) -> bool:
    """Extend the figure leftwards over an adjacent comparator word; reject non-figures."""
    lex = _lex()
    left = norm[max(0, f.start - 8) : f.start]
    m = lex.pre_tail_re.search(left)
    if m and m.group(0).strip() == "约" and _WORD_YUE_RE.search(left, 0, m.start()):
        m = None  # `签约一人、履约一人`, `预约…`: 约 is part of a word, not "about"
    if m:
        f.pre = m.group(0).strip()
        f.start = f.start - (len(left) - m.start())
        if f.pre in ("至少", "最少", "不少于") and f.unit and lex.units.get(_base_unit(f.unit)) == "duration" \
                and not f.post and _INTERVAL_AFTER_RE.match(norm, f.end):
            # `对病重患者,至少2天记录一次病程记录`: a floor on how often, stated as the longest interval
            # (as `至少每2天…一次`): <=, the span from the comparator
            f.pre = "至少每"
    elif f.unit and lex.units.get(_base_unit(f.unit)) == "duration" and (am := _AFTER_EVENT_FLOOR_RE.search(norm, max(0, f.start - 20), f.start)):
        # `且不少于药品有效期满后一年`: a floor counted from an event; the span runs from the
        # comparator to the value
        f.pre = am.group("c")
        f.start = am.start()
    elif f.unit and (rb := _RATE_BASE_PRE_RE.search(norm, max(0, f.start - 12), f.start)):
        # `不低于每人每月1000元`: the comparator stands before the rate base; the span covers both
        f.pre = rb.group("c")
        f.start = rb.start()
    elif f.unit_class == "duration" and _FULL_LOAD_RE.match(norm, f.end) and norm[max(0, f.start - 2) : f.start] == "满足":
        f.pre = "满足"  # `储备满足30天满负荷运转需求`: a stockpile sized in days (=), span the bare value
    elif f.unit_class == "duration" and (sm := _SERVE_MIN_RE.search(norm, max(0, f.start - 24), f.start)):
        # `新招聘的医学类本科毕业生须在乡镇卫生院服务满2年`: an obligation to serve at least N years
        f.pre = "满"
        f.start -= 1
    elif f.value == 1 and f.unit in _ONLY_ONE_UNITS and (om := _ONLY_RE.search(norm, max(0, f.start - 8), f.start)):
        # `只能设置一个单采血浆站`, `只能向一个…单位供应`: an exclusive cap (<= 1), the span the bare value
        f.pre = "只能"
        f.start = f.num_start
    elif f.post == "为限" and norm[f.start - 1 : f.start] == "以":
        f.pre = "以"  # `年度预算调整以1次为限`: a cap, the span from 以 to 为限
        f.start -= 1
    elif _DOSE_AFTER_RE.match(norm, f.end) and norm[f.start - 1 : f.start] == "为" and f.unit:
        # `每张处方为一次常用量`, `每张处方为1日常用量`: a fixed quantity per prescription (=)
        f.pre = "为"
        f.start -= 1
        # "降" of "下降" etc. is handled by longest match; "达" of "到达" is fine.
    elif f.unit == "次":
        # `频次不得少于半年一次`, `不少于每年一次`: a floor on a count per period; the comparator
        # stands before the period, and the span covers both (rule 14 of docs/targets-metric.md)
        pm = _PERIOD_FLOOR_RE.search(norm, max(0, f.start - 12), f.start)
        if pm:
            f.pre = pm.group("c")
            f.start = pm.start()
    if f.chinese:
        # Chinese numerals only count right after a comparator or increase verb, with a unit
        # (`至少两所`, `新建三家`), never as category counts (`三类`, `两票制`).
        if not f.unit or f.value is None:
            return False
        if _unit_word(f.unit) == "成" and not f.pre and f.post in ("以上", "左右"):
            return True  # `九成以上`: a share in tenths
        if (
            not f.pre
            and not _CN_FLOOR_RE.search(norm[max(0, f.start - 8) : f.start])
            and not _is_time_limit(norm, f)
            and not _is_retention(norm, f)
            and not _is_extension(norm, f)
        ):
            return False
    if f.ratio:
        return True
    if f.value is None:
        return False
    return True



_SUBSIDY_RE = re.compile(r"(?:补助|补贴|奖补|资助|津贴|奖励)(?!资金|专项|总额|规模|经费总|基金)")
_SCOPE_ALL_RE = re.compile(r"\s?[^\d,;。:!?\n]{1,18}?(?:全部|均|都)(?:要|应|已|将)?(?:达到|完成|建成|实现|开展|组建|纳入|建立|设立|配备|具备|通过|接入|覆盖)")
_EXCEEDS_RE = re.compile(r"(?:超|逾)$")
_WORD_YUE_RE = re.compile(r"[签履预节制合协契公条邀缔违失践集特简]\s?$")  # 约 ending a word (签约, 履约, 预约)
_SHARE_RULE_RE = re.compile(r"(?:[、,和及与]?[\u4e00-\u9fff]{1,8}\d+(?:\.\d+)?%)*的比例")
_QUOTED_RULE_RE = re.compile(r"的[\u4e00-\u9fff“”\"]{0,8}(?:政策|措施|规定|办法|制度|待遇)$")
_AS_RE = re.compile(r"\)\s*(?:作为|用作|用于|列为)")
# the lead-in of a list of eligibility conditions (`应当同时具备以下基本条件:`, `有下列情形之一的:`)
_CONDITION_LIST_RE = re.compile(r"(?:具备|具有|符合|满足|有)(?:以下|下列)[^。;:：]{0,8}(?:条件|情形)[^。;:：]{0,24}[:：]\s*$")
# the lead-in of a list of application materials (`应当提交下列材料:`): its items are papers to hand in
_MATERIAL_LIST_RE = re.compile(
    r"(?:提交|提供|报送|递交|报|附送|附|携带|填报|出具|交验)(?:以下|下列|如下)[^。;:：]{0,10}(?:材料|资料|文件|证件|证明)[^。;]{0,6}[:：]\s*$"
)
# papers handed in with an application: a count of them (`照片2张`, `复印件2份`, `一式3份`) is not a target
_MATERIAL_RE = re.compile(
    r"(?:照片|相片|免冠像|复印件|影印件|复制件|副本|原件|正本|申请表|申请书|审核表|登记表|报名表|表格|证明|证明书|证明材料)\s?$"
)
_MATERIAL_AFTER_RE = re.compile(
    r"\s?[\u4e00-\u9fff]{0,8}?(?:照片|相片|复印件|影印件|复制件|副本|申请表|申请书|审核表|登记表|报名表|证明材料)(?=$|[,;。、:)和及与或的\s])"
)
_MATERIAL_UNITS = ("张", "份", "本", "套", "页")
# a subject that a measure is stated for: `三级医院`, `城镇职工`, `农村居民`
_SUBJECT_HEAD_RE = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:医院|机构|居民|职工|人员|人口|患者|儿童|老年人|中心|卫生院|卫生室|城市|地区|县)")
_CONDITIONAL_RE = re.compile(r"的\s?,")
# the comparator and first bound of a list of durations (`分别不超过2天、` + 3天)
_DURATION_LIST_BEFORE_RE = re.compile(
    r"(?:不超过|不少于|不低于|不高于|不多于|控制在|缩短至|缩短到)\s?\d+(?:\.\d+)?\s?(?:个工作日|工作日|天|日|小时|分钟|周|个月)(?:以内|之内|内)?、$"
)
# the base of a change (`由2015年的` 9.6% `提高到`…) and the payment rate of an entitlement (…1.2万元`的标准发放`)
_BASE_VALUE_AFTER_RE = re.compile(r"(?:底|末)?的\s?\d")
_FROM_BASE_BEFORE_RE = re.compile(
    r"(?:由|从)(?:(?:(?:19|20)\d{2}\s?年|上一?年|去年|[“\"]?十[一二三四五]五[”\"]?)(?:底|末|度)?的?)?\s?$")
_TO_AFTER_RE = re.compile(r"\s?(?:(?:提高|提升|增加|增长|上升|下降|降低|减少|缩短|延长|压降|压减|缩减|压缩|调整|扩大|增至|降至)(?:到|至)"
                          r"|降至|升至|增至|减至|达到)")
_PAY_STANDARD_AFTER_RE = re.compile(r"/?(?:人|月|年|人\s?[·.]\s?月)?的?标准(?:发放|补助|拨付|给予|核拨|补贴|支付|兑现)")
# after a count: the rest of a share's description up to its figure (`…的比例达到80%`, `…的村卫生室占比不低于八成`)
_INSIDE_SHARE_RE = re.compile(
    r"[^,;。]{0,24}?的(?:[^,;。]{0,16}?(?:比例|占比|比重))?(?:要|应|力争|均|分别)?(?:达到|不低于|不少于|提高到|提高至|保持在|超过|高于|为)?\s?(?:约|近)?(?:[\d.]+\s?[%‰]|[\d一二三四五六七八九十]{1,3}成)"
)
_TOTAL_TAIL_RE = re.compile(r"(?:共|共有|共计|合计|总计)$")
_LIMIT_POST = ("内", "之内", "以内")
_LIMIT_UNIT_RE = re.compile(r"^(?:个)?(?:工作日|日|天|小时|分钟|周|个月)$")
# what follows a limit that makes it a condition or a ban, not a limit on an action; a closing
# bracket (`在规定时间内(原则上7天内)仍不能提供的`) and an adverb of persistence (`仍`, `尚`, `还`,
# `依然`) may stand between (`7天内仍未整改的`: a failure condition of a sanction)
_LIMIT_CONDITION_RE = re.compile(r"[^,;。的]{1,16}的\s?[,;]")  # `6个月内再次住院的,`
_LIMIT_NEG_RE = re.compile(r"^\)?(?:仍然|依然|仍|尚|还)?(?:的|不得|不再|不予|不能|禁止|未|没有|无|有|连续|累计|内的)")


# `自本条例施行之日起6个月内`: counted from the document itself, a deadline (a time), not a limit
_FROM_DOC_RE = re.compile(rf"本(?:{DOC_KINDS})(?:施行|实施|发布|印发|公布|颁布)之?日起\s?$")


_RATE_BASE_PRE_RE = re.compile(
    r"(?P<c>不低于|不少于|不超过|不高于|提高到|提高至|达到)\s?每(?:人|床|户|村|所|[十百千万]+(?:名|个)?(?:常住|户籍|服务)?(?:人口|居民|老年人|儿童|户|人))(?:每(?:年|月|日|天))?\s?$"
)
_FULL_LOAD_RE = re.compile(r"\s?满负荷")
_SERVE_MIN_RE = re.compile(r"(?:须|必须|应当|应)[^,;。]{0,16}?(?:服务|工作|执业)满\s?$")
_KEPT_RECORD_RE = re.compile(r"(?:的|建立|做好|填写|书写|登记)(?P<r>[^的,;。\s]{0,6}(?:记录|病历|处方|档案|资料|凭证|账册|台账|票据|单据))$")
# `首次病程记录是指…`: the record a definition sentence defines
_DEFINED_RE = re.compile(r"^\s*(?P<x>[^,;。\s]{2,16}?)是指")
# `对病重患者,…` / `对病危患者应当…`: the population a rule is about
_FOR_TOPIC_RE = re.compile(r"\s*对(?P<t>[^,;。对]{2,12}?)(?:,|应当|应|要|须)")
_FIRST_WORKDAY_RE = re.compile(r"首个(?P<u>工作日)(?P<post>之内|以内|内)")
_ONLY_RE = re.compile(r"(?<!不)只(?:能|可|准|得|包含|限)[\u4e00-\u9fff]{0,4}$")
_OBJ_VERB_RE = re.compile(r"供应|提供|供给|配送|销售|采购|使用|开具|办理|申请|领取|签订|执业|注册|备案|转诊|就诊|报送|上报")
_ONLY_ONE_UNITS = ("个", "家", "所", "名", "种", "项", "处")


def _is_time_limit(norm: str, f: _Fig) -> bool:
    """`5个工作日内提交`, `自受理之日起20个工作日内作出决定`: a binding processing limit.

    Days, working days, hours and weeks (months only when counted from an event, `…之日起6个
    月内`, `受理后3个月内`) closing with 内/之内/以内 and followed by an action; not a condition (`3日内的`),
    a ban (`1年内不得`) or an eligibility window (`6个月内未…`).
    """
    if f.post not in _LIMIT_POST or f.pre or not f.unit:
        return False
    unit = _unit_word(f.unit)
    if not _LIMIT_UNIT_RE.match(unit):
        return False
    before = norm[max(0, f.num_start - 20) : f.num_start]
    if unit.endswith("月") and "起" not in before and not re.search(r"[\u4e00-\u9fff]后$", before):
        return False  # months count from an event: `…之日起6个月内`, `受理后3个月内`
    if _FROM_DOC_RE.search(norm, max(0, f.num_start - 20), f.num_start):
        return False
    after = norm[f.end : f.end + 6]
    if _LIMIT_NEG_RE.match(after):
        return False
    if _LIMIT_CONDITION_RE.match(norm, f.end):
        return False  # `出院后6个月内再次住院的,…`: a condition, not a limit
    return True


def _is_retention(norm: str, f: _Fig) -> bool:
    """`保存五年备查`, `处方保存二年`: a retention period in years or months, right after `保存`."""
    return (
        not f.pre
        and not f.post
        and f.unit_class == "duration"
        and _unit_word(f.unit) in ("年", "个月")
        and bool(_RETAIN_RE.search(norm, max(0, f.start - 20), f.start))
    )


# a project's cost named with it (`（总投资3.2亿元）`, `项目总投资约1.5亿元`), not a spending goal (`完成投资不少于…`)
_PROJECT_COST_BEFORE_RE = re.compile(r"(?:计划|概算|项目)?总投资(?:额|规模)?(?:约|为|达|近)?\s?$")


_AFTER_WORD_RE = re.compile(r"后(?:备|勤|续|台|方|端|盾|代|援)")


def _excluded(norm: str, f: _Fig) -> bool:
    """Spec §5 exclusions: years, ordinals, back-references, conditions, sanctions, eligibility."""
    lex = _lex()
    cues = lex.cues
    after = norm[f.num_end : f.num_end + 6]
    after_span = norm[f.end : f.end + 8]
    if _unit_word(f.unit) in ("次", "轮") and not f.pre and not f.post \
            and _FREQ_RE.search(norm, (seg := _segment_start(norm, f.start, 0)), f.start) \
            and not _FLOOR_WORD_RE.search(norm, seg, f.start) and not _CAP_WORD_RE.search(norm, seg, f.start):
        return True  # `每季度开展1次`, `每3年开展1轮巡查`: a frequency (a recurring time), not a goal
    if _PER_SHORTFALL_BEFORE_RE.search(norm, max(0, f.start - 4), f.start) and _SCORE_AFTER_RE.match(norm, f.end):
        return True  # `每低1个百分点扣0.5分`: a scoring rule's step, not a goal
    if _PER_SHORTFALL_VERB_RE.search(norm, max(0, f.start - 8), f.start) and _SCORE_AFTER_NOUN_RE.match(norm, f.end):
        return True  # `每少覆盖1家成员单位扣0.2分`: the step's thing named between the figure and the score
    if f.unit_class == "duration" and norm[max(0, f.num_start - 1) : f.num_start] == "满" \
            and "从事" in norm[max(0, f.num_start - 16) : f.num_start]:
        return True  # `申报人须从事中医临床工作满20年`: years of experience, an eligibility threshold
    if f.ratio:
        # a ratio must be introduced by a metric naming a ratio (医护比, 床护比) or a comparator, or be
        # followed by one (`执法人员与辖区常住人口1:10000的比例`); a split rule (`由市、县两级财政按5:5
        # 比例分担`) is none
        head = norm[max(0, f.start - 12) : f.start]
        if head.endswith("按") and norm.startswith(("的比例", "比例"), f.end):
            return True
        if _FROM_BASE_BEFORE_RE.search(norm, max(0, f.start - 14), f.start) and _TO_AFTER_RE.match(norm, f.end):
            return True  # `比例由2017年的1:0.28调整到1:0.6左右`: the base of the change
        if not f.pre and _TO_AFTER_RE.search(head) and "比" in norm[max(norm.rfind(c, 0, f.start) for c in ",;。") + 1 : f.start]:
            return False  # …比例由…调整到 1:0.6: the goal of a ratio named earlier in its clause
        return not (f.pre or "比" in head or norm.startswith(("的比例", "比例"), f.end))
    lt = norm.rfind("《", max(0, f.start - 80), f.start)
    if lt != -1 and norm.find("》", lt, f.start) == -1:
        return True  # inside a document title: `《食品中5种α-受体阻断类药物的测定》`
    if f.unit is None:
        # a bare number (serials, codes, names like “115”工程) is not a figure, except an index bound by
        # a comparator (`CMI值提高0.1以上`, `费用消耗指数和时间消耗指数均控制在1.0以内`)
        return not ((f.pre or f.post) and not f.chinese and _INDEX_BEFORE_RE.search(norm, max(0, f.start - 10), f.start))
    if f.unit_class == "count" and _INSIDE_SHARE_RE.match(norm, f.end):
        # `能够提供4类以上中医非药物疗法的村卫生室占比达到80%`: the count says which units the share
        # counts; the goal is the share
        return True
    if _unit_word(f.unit) == "个" and norm.startswith("方面", f.num_end):
        return True  # `从…效益提升四个方面作出规定`: the parts of the text, not a goal
    if f.unit_class == "money" and not f.pre and _PAY_STANDARD_AFTER_RE.match(norm, f.end) \
            and "按" in norm[_segment_start(norm, f.start, 0) : f.start]:
        return True  # `按每村每年1.2万元的标准发放运行经费`: a payment rate, an entitlement
    if _BASE_AFTER_RE.match(norm, f.end) or (not f.pre and _COMPARED_YEAR_BEFORE_RE.search(norm, max(0, f.start - 12), f.start)):
        # `在2025年81.4%的基础上提高3个百分点`, `高于2015年的0.36人`: the base a change or a comparison starts from
        return True
    if f.unit_class == "count" and not f.pre and _POPULATION_OF_RE.match(norm, f.end):
        return True  # `全市41家乡镇卫生院中已有40家建成中医馆`: the population the count that follows is taken from
    if not f.pre and _FROM_BASE_BEFORE_RE.search(norm, max(0, f.start - 14), f.start) and _TO_AFTER_RE.match(norm, f.end):
        return True  # `由2015年的9.6%提高到21.5%`: the base of the change; the goal is where it goes
    if f.unit_class == "money" and f.pre in ("", "约", "近") and not f.post and _PROJECT_COST_BEFORE_RE.search(norm, max(0, f.start - 8), f.start):
        return True  # `医技综合楼（总投资3.2亿元）`: what a named project costs, an attribute, not a goal
    if _unit_word(f.unit) == "期" and not f.pre and not f.post:
        return True  # `二期工程`, `一期项目`: a phase; only a floor or cap counts sessions (不少于2期)
    if f.chinese and norm[f.num_start : f.num_end] == "一支" and not f.pre:
        return True  # `打造一支…队伍`: a team, not a count
    prev_char = norm[f.num_start - 1] if f.num_start > 0 else ""
    if prev_char and (prev_char in "〔[【第.-/#+*×xX" or prev_char.isdigit()):
        return True  # document numbers `〔2020〕`, ordinals `第3`, formulas `1+1`, versions `2.0`
    if after[:1] in ("+", "×"):
        return True
    if _unit_word(f.unit) in _MATERIAL_UNITS and (
        norm[max(0, f.num_start - 3) : f.num_start].rstrip().endswith("一式")
        or _MATERIAL_RE.search(norm, max(0, f.start - 12), f.start)
        or _MATERIAL_AFTER_RE.match(norm, f.end)
    ):
        return True  # `近期一寸免冠照片2张`, `申请表一式三份`: papers to hand in, not a target
    if f.chinese and _unit_word(f.unit) in ("批", "批次", "场"):
        return True  # `建成一批示范基地`, `打赢一场…`: a vague quantity, not a figure
    if _unit_word(f.unit) == "次" and norm[f.num_end : f.num_end + 1] == "性":
        return True  # `一次性` (one-off) is no count
    if f.unit == "个" and _SPLIT_DURATION_RE.match(norm, f.num_end):
        return True  # `5个工 作日` broken by extraction: a duration without its comparator
    if f.unit_class not in ("pct", "count", "money") and _DATE_OR_ARTICLE_RE.match(after):
        return True  # dates and article numbers
    # back-references and ordinals right before the number
    if not f.pre and not _is_time_limit(norm, f) and not _is_retention(norm, f):
        # `受理后5个工作日内` is a limit, `保存至检验报告发出后2年` a retention period
        tail = norm[max(0, f.num_start - 3) : f.num_start]
        for w in cues.get("backref", ()):
            if w == "等" and f.post in ("以上", "及以上"):
                continue  # `刮痧等10类以上…技术`: a floor on the kinds named, not a summary count
            if w == "等" and _verb_list_before(norm, _segment_start(norm, f.start, 0), f.start - 1):
                continue  # `重点建设心血管、肿瘤、神经等5个专科`: the count of what the verb acts on
            if tail.endswith(w) or tail.endswith(w + "的"):
                return True
    if _is_dose(norm, f):
        return False  # `每张处方为1日常用量`: a prescription limit stated exactly
    if _is_extension(norm, f):
        return False  # `经负责人批准,可以延长三十日`: the extension a limit allows
    # durations only as binding caps/floors
    if f.unit_class == "duration" and f.pre == "满足":
        return False  # `储备满足30天满负荷运转需求`: a stockpile sized in days
    if f.unit_class == "duration" and _STAY_BEFORE_RE.search(norm, max(0, f.start - 10), f.start) \
            and not norm.startswith(("的", "者"), f.end):  # (`平均住院日超过60天的病例`: a condition)
        return False  # `三级公立医院平均住院日为8.6天`: an indicator measured in days, not a duration of an action
    if f.unit_class == "duration":
        comp = lex.pre.get(f.pre) if f.pre else None
        if comp is None and _GAP_COMP_RE.search(norm[max(0, f.start - 8) : f.start]):
            comp = ">="  # `至少保存3年`: a floor written before the verb
        elif comp is None and _is_retention(norm, f):
            return False  # `保存二年备查`: a retention period, stated exactly
        if not f.post and not f.pre.endswith("每") and _INTERVAL_AFTER_RE.match(norm, f.end):
            return True  # `3天记录一次` alone is an interval between actions, not a goal
        if f.post in _LIMIT_POST and not f.pre:
            # `自受理之日起20个工作日内作出决定`: a binding processing limit (<=); a limit
            # that states a condition (`3日内的`) or a ban (`6个月内不得`) is not
            return not _is_time_limit(norm, f)
        if comp not in _DURATION_OK_PRE + ("increase", "decrease") and lex.post.get(f.post) not in _DURATION_OK_PRE + ("~",) \
                and not _DURATION_LIST_BEFORE_RE.search(norm, max(0, f.start - 20), f.start):
            # (`分别不超过2天、3天`: the second bound shares the first one's comparator)
            if not (comp == "=" and f.value_max is not None):
                return True
            # `结余保持在6至9个月支付水平`: a range held by a comparator verb binds both ends
        if not f.pre and f.post and f.post != "左右" and comp is None:
            if f.post in ("以上", "及以上") and _TERM_VERB_BEFORE_RE.search(norm, max(0, f.start - 4), f.start) \
                    and not _CONDITION_AFTER_RE.match(norm, f.end):
                return False  # `到三级医院进修3个月以上`: a floor on how long the action lasts
            return True  # `6个月以上` without a verb is a condition or a sanction term
        if comp in ("increase", "decrease") and _NOUNISH_RE.match(norm[f.end : f.end + 1] or " "):
            return True  # `提升三年行动`: a name, not a change of duration
    # eligibility: ages of people. Of figures in years of age only a life expectancy (`人均预期寿命达到81.6岁以上`)
    # and an average age (`乡村医生平均年龄56.4岁`) are figures; every other age is a limit or a condition
    # (`年满60周岁`, `招聘对象年龄一般不超过45周岁`, `可继续执业至65周岁`, `65岁以上老年人`)
    if f.unit_class == "age":
        if norm.endswith("平均年龄", 0, f.start):
            return False
        before = norm[max(0, f.start - 30) : f.start]
        before = before[max(before.rfind("。"), before.rfind("；"), before.rfind(";")) + 1 :]
        k = before.rfind("寿命")
        if k < 0 or _AGE_WORD_RE.search(before, k):
            return True
        nxt = norm[f.end : f.end + 1]
        if nxt == "的" or (nxt and _CJK_RE.match(nxt) and nxt not in "左，,。；;、和与及"):
            return True  # `80岁老人`
    if f.unit_class == "level":
        # a grade goal (`电子病历系统应用水平达到4级以上`) needs its comparator and ends its
        # phrase; a grade naming an institution or a standard (`3级以上医院`, `二级及以上医疗机构`,
        # `三级医院`, `二级甲等`, `三级测评`) is no figure, nor is a hospital reaching a grade
        if not (f.pre or f.post in ("以上", "及以上", "以下", "及以下")):
            return True
        nxt = norm[f.end : f.end + 2]
        if nxt and _CJK_RE.match(nxt[:1]) and nxt not in ("水平", "标准") and not _LIST_SEP_RE.match(nxt[:1]):
            return True
        if f.chinese and _HOSPITAL_GRADE_BEFORE_RE.search(norm[max(0, f.start - 12) : f.start] + f.pre):
            return True
    if f.unit_class == "score":
        # scores count only as bound goals (`满意度达到90分以上`), never demerit points (`记1—3分`)
        if not (f.pre or f.post) or "记" in norm[max(0, f.start - 10) : f.start]:
            return True
    if f.unit_class == "count" and not f.pre and not f.post and _SCOPE_ALL_RE.match(norm, f.end):
        # `全市12个县域医疗集团全部达到紧密型标准`: the figure counts the scope of a full-coverage
        # goal, it sets no number of its own
        return True
    if f.unit_class in ("count", "money") and not f.pre and f.post in ("以上", "及以上", "以下", "及以下") \
            and norm[f.end : f.end + 1] == "的" and not _BUILD_BEFORE_RE.search(norm, max(0, f.start - 4), f.start):
        return True  # `单价50万元及以上的医用设备`, `100张床位以上的医院`: a class, not a goal
    below = _BELOW_CONDITION_RE.search(norm, max(0, f.num_start - 3), f.num_start) or f.post in ("以内", "以下", "及以下")
    if below or f.post in ("以上", "及以上"):
        # `服务人口不足1000人的行政村`, `人口少于800人或距离乡镇卫生院3公里以内的行政村`: a figure
        # defining which units a rule is for (a relative clause ending in 的 before the noun), not a goal
        tail = norm[f.end : _phrase_end(norm, f.end)]
        k = tail.find("的")
        if 0 <= k <= 16 and _CJK_RE.match(tail[k + 1 : k + 2] or "x") and not _GOAL_NOUN_RE.match(tail, k) \
                and ((below and (k == 0 or "、" in tail[:k])) or "或" in tail[:k] or "且" in tail[:k]):
            return True  # (`出现超常处方3次以上且无正当理由的医师`: a compound condition)
    if not f.pre and norm[f.end : f.end + 1] == "的" and _EXCEEDS_RE.search(norm, max(0, f.start - 2), f.start):
        return True  # `年销售收入超10亿元的中成药大品种`: a threshold defining the thing counted
    # conditions: `低于70%的市`, `达到90%时`, `记分达到12分的`, `医师人数在50人以上的机构`
    paren = _INCL_PAREN_RE.match(norm, f.end)
    if paren:
        after_span = norm[paren.end() : paren.end() + 8]
    if after_span[:1] == "的" and norm[max(0, f.start - 1) : f.start] == "在" and f.unit_class != "pct":
        return True
    if f.pre or f.post:
        nxt = after_span[:2]
        if nxt[:1] in ("时", "者") or (nxt.startswith("后") and not _AFTER_WORD_RE.match(after_span)) or nxt.startswith("以后"):
            return True  # (`达到90%时`, `满6个月后`; not `不少于2个后备梯队`: 后备 is a word)
        if nxt[:1] == "的" and not _GOAL_NOUN_RE.match(after_span) and not _FULL_MARKS_RE.match(after_span):
            if f.pre in _CONDITION_PRE:
                return True  # `低于70%的市(县)`
            if (f.pre or f.post in ("以上", "及以上", "以下", "及以下")) and after_span[1:2] in (",", ";", "。", ""):
                return True  # `住院费用不超过3000元的,全额报销`
    if not f.pre and after_span[:1] == "的" and not _GOAL_NOUN_RE.match(after_span) \
            and _COMPARED_BASE_RE.search(norm, max(0, f.start - 16), f.start):
        # `价格高于中选价格1.8倍以上的非中选药品`, `完成率低于序时进度80%的科室`: a condition on a compared base
        return True
    if f.pre in _CONDITION_PRE and norm[_phrase_end(norm, f.end) - 1 : _phrase_end(norm, f.end)] == "的":
        return True  # `超过10个工作日未确认的,…`: a condition
    sent_end = norm[f.end : f.end + 16]
    for stop in "。;!?\n":
        k = sent_end.find(stop)
        if k != -1:
            sent_end = sent_end[:k]
    for w in cues.get("alert", ()):
        if w in sent_end:
            return True  # `使用率达到70%,为黄色预警`: an alert threshold
    pe = _phrase_end(norm, f.end)
    if f.unit_class == "pct" and not f.pre and _SHARE_RULE_RE.match(norm, f.end) and "按" in norm[_sentence_start(norm, f.start) : f.start] \
            and not _BOUNDED_RULE_RE.search(norm, _sentence_start(norm, f.start), f.start):
        # `按照医院80%、医保15%、职工5%的比例分配`: a split rule; a bound on the share is a goal
        # (`按不低于辖区内医疗机构总数5%的比例抽取`)
        return True
    if _QUOTED_RULE_RE.search(norm, f.end, pe):
        return True  # `基本医疗报销比例提高10%、…报账比例提高5%的扶贫政策`: a policy's content
    ctx_before = norm[max(0, f.start - 4) : f.start]
    if _FINE_BEFORE_RE.search(ctx_before):
        return True
    window = norm[f.end : f.end + 14]
    for w in cues.get("penalty", ()):
        if w in window and w not in ("暂停",) and not re.search(re.escape(w) + _INSPECTED_AFTER, window) \
                and not (norm[f.end : f.end + 1] in ",;" and _DIGIT_RE.search(norm, f.end + 1, _phrase_end(norm, f.end + 1))):
            # (`开展不少于1次执业活动检查`: the practice inspected, not suspended; `抽查142户次,罚没款4.3万元`:
            # the next item of a report, with a figure of its own)
            return True
    if _SANCTION_BEFORE_RE.search(norm[max(0, f.start - 12) : f.start]):
        return True
    return False


def _group_lists(norm: str, figs: list[_Fig]) -> list[list[_Fig]]:
    """Group figures written as one list (`达80%、80%和98%`, `450种与25类以上`)."""
    groups: list[list[_Fig]] = []
    for f in figs:
        if groups:
            last = groups[-1][-1]
            gap = norm[last.end : f.start]
            if not f.pre and ((_LIST_SEP_RE.match(gap) and gap.strip() != ",") or _QUALIFIER_GAP_RE.match(gap)):
                groups[-1].append(f)
                continue
            if gap == "" and last.post in ("以上", "及以上") and f.post in ("以下", "以内", "及以下") and last.unit == f.unit:
                # `5000元以上1万元以下` style range: merge
                last.value_max = f.value
                last.end = f.end
                last.sep = "range"
                last.post = ""
                continue
        groups.append([f])
    return groups


_MOVE_WORDS = frozenset({"上调", "下调", "上浮", "下浮", "上涨"})


def _comparator(f: _Fig, pre: str, post: str) -> str:
    lex = _lex()
    pc = lex.pre.get(pre) if pre else None
    if pre in _MOVE_WORDS and f.unit_class == "count":
        pc = None  # `其中上调308项、下调87项`: how many items moved, a count (a rate moved is a change: `上调8.2%`)
    qc = lex.post.get(post) if post else None
    if f.value_max is not None:
        return "range"
    if qc == "~" or pc == "~":
        return "~"
    if pc in ("increase", "decrease"):
        return pc
    if qc:
        return qc
    if pc:
        return pc
    if f.approx:
        return ">="  # `30余家`
    return "="


# a conjunction starting a new clause inside one comma-free phrase
# an outer bound (`最长不超过`, `最多`): elliptic for the measure bounded just before
_SUPERLATIVE_RE = re.compile(r"最(?:长|多|高|短|少|低)")
_CLAUSE_CONJ_RE = re.compile(r"(?<!不)但是?(?!书)|并且|而且|否则")


def _segment_start(norm: str, pos: int, prev_end: int) -> int:
    """Start of the phrase naming the figure: after the last boundary or previous figure."""
    lo = max(prev_end, pos - _MAX_LOOKBACK)
    i = pos - 1
    depth = 0
    while i >= lo:
        c = norm[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                lo = i + 1  # the figure sits inside this bracket
                break
            depth -= 1
        elif depth == 0 and c in _BOUNDARY and not (c == ":" and norm[i - 1 : i].isdigit() and norm[i + 1 : i + 2].isdigit()):
            lo = i + 1  # (the colon of a ratio, `1:0.28`, is no boundary)
            break
        i -= 1
    return lo


def _sentence_start(norm: str, pos: int) -> int:
    lo = max(0, pos - _MAX_LOOKBACK)
    i = pos - 1
    while i >= lo:
        if norm[i] in _SENT_BOUNDARY:
            return i + 1
        i -= 1
    return lo


@lru_cache(maxsize=1)
def _keep_words() -> frozenset[str]:
    return frozenset(_lex().cues.get("keep_word", ()))


def _trim_metric(text: str, norm: str, lo: int, hi: int, tlist: list[_Time]) -> tuple[int, int]:
    """Trim connectives, item markers, time words and hedges from ``text[lo:hi]``."""
    cues = _lex().cues
    lead = cues.get("lead_trim", ())
    tail = cues.get("tail_trim", ())
    keep = _keep_words()  # `及时`, `行为`, `归还`: a one-character trim word never splits a word
    changed = True
    while changed and lo < hi:
        changed = False
        seg = norm[lo:hi]
        m = _ITEM_MARK_RE.match(seg)
        if m and m.end() > 0:
            lo += m.end()
            changed = True
            continue
        for t in tlist:
            if t.end <= t.start:
                continue
            if t.type == "recurring" and t.end - t.start <= 2 and norm[t.start] not in "每按逐" \
                    and _CJK_RE.match(norm[t.end : t.end + 1] or "x"):
                continue  # `月结算办理时限`, `年度救助限额`: a bound frequency morpheme belongs to the word
            if t.start <= lo < t.end or (lo <= t.start < hi and norm[lo : t.start].strip(" ,到至在于截止") == ""):
                if t.end > lo:
                    lo = min(hi, t.end)
                    changed = True
                    break
        if changed:
            continue
        w = _starts_with_any(seg, lead)
        if w and w in ("按", "按照") and _PAY_METHOD_RE.match(seg, len(w)):
            w = None  # `按DRG付费的医保基金支出占…比重`: a payment method names the measure
        if w and not (len(w) == 1 and seg[:2] in keep):
            lo += len(w)
            changed = True
            continue
        if seg[:1] in " ,、:;“”\"'":
            lo += 1
            changed = True
    changed = True
    while changed and lo < hi:
        changed = False
        for t in tlist:
            if t.end <= t.start:
                continue
            if lo < t.start < hi <= t.end or (lo < t.start < hi and t.end <= hi and norm[t.end : hi].strip() == ""):
                hi = t.start
                changed = True
                break
        if changed:
            continue
        seg = norm[lo:hi]
        cm = _COMPARE_TAIL_RE.search(seg)
        if cm:
            hi = lo + cm.start()
            changed = True
            continue
        w = _ends_with_any(seg, tail)
        if w and not (len(w) == 1 and seg[-2:] in keep):
            hi -= len(w)
            changed = True
            continue
        if seg[-1:] in " ,、:;“\"'±":
            hi -= 1
            changed = True
    # a metric does not end inside an open bracket or start with a closing one
    return lo, hi


_RATE_AFTER_RE = re.compile(r"的(?:速度|幅度|增速|比例)(?:持续|稳步|逐步|逐年|进一步)?(?:提升|提高|增长|增加|下降|降低|减少|递增|递减)?")
_AFTER_STOP = ("或在", "或者在", "支持", "用于", "推进", "完成", "给", "并", "和", "及", "为", "在", "由", "向", "用于", "纳入", "进入", "参加", "开展", "设立", "设置", "成为", "建成", "实现", "达到", "提供", "承担", "进行", "等,", "等。", "等;", "等、")


def _phrase_end(norm: str, pos: int) -> int:
    """End of the phrase starting at ``pos``: the next boundary outside brackets."""
    depth = 0
    j = pos
    while j < len(norm):
        c = norm[j]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and c in ",;。!?\n:":
            break
        j += 1
    return j


_START_PHRASE_RE = re.compile(r"(?:自|从|于|在)?[^,;。]{0,30}(?:之日|次日|当日|后|之后)起?$|起$")
_METRIC_START_RE = re.compile(
    r"(?:为|是)?(?:应当|应|须|需|可以|可)?(?:自|从|在|于|为)[^,;。自从为在于]{1,30}?(?:(?:之日|次日|当日|后|之后)起|满后|后|之后)$"
)
_PREP_RE = re.compile(r"^(?:在|于|向|对|从|经|按照|按|依据|依照|根据|凭|通过|为(?=[^\d])|到(?!场|位|岗|达|期|账))")
# adverbs of manner before a limited action (`七个工作日内及时作出处理决定` → 作出处理决定)
# manner adverbs (not `再次`, `重新`: a second discussion is another action than the first)
_ACTION_ADVERB_RE = re.compile(r"(?:及时|立即|即时|尽快|迅速|依法|按时|同时|一并)(?=[\u4e00-\u9fff]{2})")
# the head noun closing a prepositional object (`向人民法院起诉`: the action starts after 法院)
_OBJECT_HEAD_RE = re.compile(
    r"(?:部门|机关|机构|单位|系统|平台|中心|人员|负责人|医院|法院|银行|当事人|申请人|企业|政府|患者|职工|规定|要求|办法|程序)$"
)
# where the subject of a bare limited verb ends: a modal, or a preposition introducing an
# agent, place or event (`转入记录由转入科室医师于患者转入后24小时内完成` → 转入记录)
_SUBJECT_END_RE = re.compile(r"应当|(?<![供对相适响效反])应|(?<![必无])须|(?<![必急所])需|必须|可以|(?<![许认])可(?!能)|(?<![主重必首纪摘提])要|(?<![对由关属用等基鉴处至位低高大小少多便善敢勇乐易过急忙限源归趋出])于|(?<![存所现正实内外潜])在|由(?!于)|(?<![各])自(?![行动主愿费治然身己律查营筹])|从(?!事)")


def _first_verb(norm: str, lo: int, hi: int) -> tuple[int, str] | None:
    """The first procedural verb (cue ``limit_verb``) in ``norm[lo:hi]``: (position, verb)."""
    best = None
    for v in _lex().cues.get("limit_verb", ()):
        k = norm.find(v, lo, hi)
        while k != -1 and _NOMINAL_AFTER_RE.match(norm, k + len(v)):
            k = norm.find(v, k + 1, hi)  # `将检查检验结果归入…`: 检验 modifies a noun here
        if k != -1 and (best is None or k < best[0] or (k == best[0] and len(v) > len(best[1]))):
            best = (k, v)
    return best


# the head of a record's or form's name (`24小时内入院死亡记录`, `…登记表`, `…通知书`)
_RECORD_NAME_RE = re.compile(r"(?:记录|记录单|登记表|表|单|书|报告|证明)$")
# a verb followed by these is used as a modifier of a noun (`考核结果`, `检验报告`, `登记事项`)
_NOMINAL_AFTER_RE = re.compile(r"结果|报告|材料|记录|信息|意见|情况|数据|资料|事项|决定书|通知书|书|表|单|证|机构|机关|部门|人员|工作|费用|时间|期限")


def _limited_action_end(norm: str, lo: int, hi: int) -> int:
    """End of the first predicate after a time limit (`登录子系统向国家级经办机构报送…` → 登录子系统)."""
    for k in range(lo + 1, hi):
        if norm[k] in "、和及或" and _NEXT_LIMIT_RE.match(norm, k + 1):
            return k  # `24小时内送达城区医疗机构、48小时内送达…`: the next limit starts its own action
        if k < lo + 3:
            continue
        if (norm[k] in "向并" or norm.startswith("同时", k)) and (norm[k] == "并" or _first_verb(norm, lo, k) is not None):
            return k  # (a 向 phrase ends the action only once a verb has been seen: `为其职工向…申请`)
    return hi


# another time limit in a list of limits (`、48小时内…`, `、二个工作日内…`)
_NEXT_LIMIT_RE = re.compile(r"[\u4e00-\u9fff]{0,8}?\s?(?:\d+|[一二两三四五六七八九十]+)\s?(?:个)?(?:工作日|小时|日|天|分钟|周|个月)(?:内|之内|以内)")


_NOUN_HEAD_RE = re.compile(r"(?:部门|机关|机构|单位|局|委|办|系统|平台|中心|人员|负责人|者|医院|上|中|处|方|地)$")
_MODAL_RE = re.compile(r"应当|应|须|需|必须|可以|可|要")


def _verb_after_object(norm: str, lo: int, hi: int) -> tuple[int, str] | None:
    """The verb after a prepositional object (`向作出处理的机关的上级机关申请复议` → 申请)."""
    first = None
    k = lo
    while k < hi:
        fv = _first_verb(norm, k, hi)
        if fv is None:
            break
        first = first or fv
        if _NOUN_HEAD_RE.search(norm, lo, fv[0]):
            return fv
        k = fv[0] + 1
    return first


# `不少于药品有效期满后一年`: a floor (or cap) counted from the end of an event
_AFTER_EVENT_FLOOR_RE = re.compile(r"(?P<c>不得少于|不少于|不得超过|不超过)[^,;。\d]{1,14}?(?:期满|届满|满|结束)后\s?$")
# a permitted extension of a limit, stated as a plain amount (`可以延长十五个工作日`)
_EXTEND_BEFORE_RE = re.compile(r"可\s?(?:以\s?)?延\s?长\s?$")


def _is_extension(norm: str, f: _Fig) -> bool:
    """`经负责人批准,可以延长三十日`: the plain extension a limit allows (metric `延长`)."""
    return (
        f.unit_class == "duration"
        and not f.pre
        and not f.post
        and f.value_max is None
        and bool(_EXTEND_BEFORE_RE.search(norm, max(0, f.start - 6), f.start))
        and not _CJK_RE.match(norm[f.end : f.end + 1] or "x")  # `延长3年服务期`: a noun follows
    )


def _is_dose(norm: str, f: _Fig) -> bool:
    """`每张处方为一次常用量`: the fixed quantity per prescription :func:`_attach_pre` gave the pre `为`."""
    return f.pre == "为" and _DOSE_AFTER_RE.match(norm, f.end) is not None


# `哌醋甲酯用于治疗儿童多动症时`: the occasion of a limit is not what it limits
_WHEN_USED_RE = re.compile(r"(?:用于|在)[^,;。]{1,16}时$")
# the quantity a prescription may hold (`7日常用量`, `一次常用量`, `二日极量`)
_DOSE_AFTER_RE = re.compile(r"\s?(?:常用量|用量|极量)")
# a limit stated per prescription (`每张处方不得超过7日常用量`)
_PER_RX_RE = re.compile(r"(?:一般)?每(?:张|次|份)?处方(?:用量|剂量)?$")
# `为门(急)诊患者开具的麻醉药品注射剂`: who it is prescribed for is not the drug
_PRESCRIBED_FOR_RE = re.compile(r"^[^,;。为对]{0,12}?(?:对于|对|为)[^,;。]{0,24}?开具的")
# the basis an action is taken on (`依据相关档案管理规定`, `依照《…》的有关规定`, `按照国务院…的规定`,
# `根据相关人员记分情况`, `依据《药品管理法》第八条规定的开办条件`)
_BASIS_RE = re.compile(
    r"(?:依据|依照|按照|根据|遵照)[^,;。]{0,40}?(?:规定|要求|情况|程序|标准|办法|意见)"
    r"(?:的[^,;。]{0,8}?(?:规定|要求|条件|标准|程序))?"
)


def _limited_action(text: str, norm: str, lo: int, hi: int) -> tuple[str, bool]:
    """The action a time limit applies to, as written (spec §3), and whether a verb was found.

    A leading note (`(含节假日)`), modal or manner adverb and the basis of the action
    (`依照《…》的有关规定,`) are dropped; recipient phrases and the disposal form stay
    (`向考核机构提出复核申请`, `将罚款缴付指定的银行`, `进行划款`). A prepositional phrase
    without a verb of its own (`凭营业执照…印章`) gives ``("", False)``: the action is in
    the next phrase. Rule 7 of docs/targets-metric.md.
    """

    def clean(s: str) -> str:
        return re.sub(r"\s", "", s)

    changed = True
    while changed and lo < hi:
        changed = False
        if norm[lo] == "(":
            close = norm.find(")", lo, hi)
            if close != -1:
                # `15个工作日内(含节假日)完成审核`: a note on how the limit is counted
                lo = close + 1
                changed = True
                continue
        for rx in (_MODAL_RE, _ACTION_ADVERB_RE):
            m = rx.match(norm, lo)
            if m:
                lo = m.end()
                changed = True
    while hi > lo and norm[hi - 1] == " ":
        hi -= 1
    bm = _BASIS_RE.match(norm, lo, hi)
    if bm:
        # `依照《…》的有关规定,将行政处罚决定书送达当事人`: the basis of the action is not it
        lo = bm.end()
        while lo < hi and norm[lo] in " ,":
            lo += 1
        if lo >= hi:
            return "", False  # the action is in the next phrase
    seg = norm[lo:hi]
    pm = _PREP_RE.match(seg)
    if pm or seg.startswith(("将", "把")):
        # `向考核机构提出复核申请`, `将罚款缴付指定的银行`: as written (spec §3: the
        # clause's own wording); without a verb after the object the phrase is only a
        # circumstance (`凭营业执照…,申请办理…`)
        k = lo + (pm.end() if pm else 1)
        has_verb = _verb_after_object(norm, k, hi) is not None
        if not has_verb and (not pm or pm.group(0) in ("向", "到", "在", "为", "对", "于", "从")):
            # `向人民法院起诉`: a verb not in the list, after the object's head noun
            has_verb = any(
                _OBJECT_HEAD_RE.search(norm, k, j) and not _OBJECT_HEAD_RE.search(norm, k, j + 1) and _CJK_RE.match(norm[j])
                for j in range(k + 2, hi - 1)
            )
        return (clean(text[lo:hi]), True) if has_verb else ("", False)
    t_lo, t_hi = _trim_metric(text, norm, lo, hi, [])
    fv = _first_verb(norm, t_lo, t_hi)
    if fv and fv[0] > t_lo + 1 and is_agency(norm[t_lo : fv[0]]):
        t_lo = fv[0]  # `…后的5个工作日内,省级经办机构做好…`: the agency doing it is not the action
    has_verb = fv is not None or _predicate_start(norm, t_lo, t_hi) is not None
    return clean(text[t_lo:t_hi]), has_verb


def _is_actor(s: str) -> bool:
    """An agency doing an action (`接到报告的卫生行政主管部门`), not what the action is about."""
    s = re.sub(r"\s", "", s)
    return is_agency(s) or is_agency(s.rsplit("的", 1)[-1]) or bool(re.search(r"(?:部门|机关|机构|单位|政府)$", s))


# a preposition (or a scope word) right before a counted figure makes it a scope
# (`与3家以上医院签订协议`, `在2个以上科室轮转`), not a floor on an object
_FLOOR_SCOPE_BEFORE_RE = re.compile(r"(?:对|与|在|向|由|从|于|为|按|给|跟|同|和|及|或|每|各|凡|的|共|有|含|达|满|超过)$")
_FLOOR_HOLDER_BEFORE_RE = re.compile(r"(?:院|所|站|室|中心|机构)$")
_FLOOR_SCOPE_OPEN_RE = re.compile(r"^\s*(?:对|与|在|向|由|从|于|为|按|给|跟|同)")


# verbs that add what they count (`新创建老年友善医疗机构36家`, `再建成次中心2个`, `核增编制40名`): an increase, as 新增/新建
_NEW_MADE = ("新创建", "新设", "新命名", "新补充", "新组建", "新认定", "新改建", "新遴选", "再创建", "再建成", "核增")
_LIST_BUILD_VERBS = ("建设", "建成", "组建", "打造", "创建", "培育", "新建", "共建", "遴选", "选取", "选择", "完成")


def _verb_list_before(norm: str, seg_lo: int, pos: int) -> str | None:
    """The creating verb of `重点建设心血管、肿瘤、神经等5个专科`: a verb that builds, then the items it builds
    listed with 、 (and 等), then their count; the count is the verb's object (the plan's own list), not a
    back-reference (`确定在巩义、中牟等28个县(市)开展…`, a scope, has no creating verb)."""
    before = norm[seg_lo:pos].rstrip()
    if "、" not in before or any(c in before for c in ",;:。"):
        return None
    head = before[: before.index("、")]
    for v in _LIST_BUILD_VERBS:
        k = head.rfind(v)
        if k != -1 and (k <= 8 or len(head) - (k + len(v)) <= 6) and len(head) - (k + len(v)) >= 1:
            return v  # (the verb opens the clause, or stands right before the first item: `合作共建心血管、肿瘤2个…`)
    return None


def _floor_object(norm: str, seg_lo: int, first: _Fig, last: _Fig) -> bool:
    """A count with its floor word (`N类以上`, `N种及以上`) or a range of counts (`1至2家`)
    right after a verb and followed by the counted noun: the verb's object has at least N
    (spec §3 `以上` is `>=`), or between N and M."""
    if first is not last or last.unit_class != "count":
        return False
    if last.post not in ("以上", "及以上") and not (last.value_max is not None and not last.post):
        return False
    before = norm[seg_lo : first.start].rstrip()
    if before.endswith("等"):
        # `推广针刺、艾灸、拔罐、刮痧等10类以上…`: the listed examples stand between the verb
        # and the figure; the phrase must not open with a preposition (`与市一院、…等3家以上医院`)
        before = before[:-1].rstrip()
        if _FLOOR_SCOPE_OPEN_RE.match(before):
            return False
        before = before + "等"
    if len(before) < 2 or not _CJK_RE.match(before[-1]) or _FLOOR_SCOPE_BEFORE_RE.search(before):
        return False
    if _FLOOR_HOLDER_BEFORE_RE.search(before):
        return False  # `建制乡镇卫生院2名以上全科医生`: no verb, the institution that has them (a scope)
    end = _object_end(norm, last.end)
    if norm[end - 1 : end] == "的" or _SCOPE_COND_RE.match(norm, last.end):
        return False  # `拥有2名以上执业医师的机构`: a condition
    return end - last.end >= 2


def _sentence_subject(text: str, norm: str, pos: int, tlist: list[_Time]) -> tuple[int, int] | None:
    """The measure the sentence before ``pos`` opens with (`县级公立医院薪酬水平由…确定`), ended
    by a modal or an agent/place preposition (rule 8) or by its first comma; only a named
    measure (`…水平`, `…率`) of at most 24 characters."""
    lo = _sentence_start(norm, pos)
    if lo >= pos:
        return None
    hi = lo
    while hi < pos and norm[hi] not in ",;:":
        hi += 1
    sm = _SUBJECT_END_RE.search(norm, lo, hi)
    if sm:
        hi = sm.start()
    a_lo, a_hi = _trim_metric(text, norm, lo, hi, tlist)
    if a_hi - a_lo < 2 or a_hi - a_lo > 24 or not _MEASURE_END_RE.search(norm, a_lo, a_hi):
        return None
    return a_lo, a_hi


def _object_end(norm: str, pos: int) -> int:
    """End of the phrase after a counted figure: the boundary, or the next figure of a list."""
    hi = _phrase_end(norm, pos)
    for k in range(pos, hi):
        c = norm[k]
        if c == "(":
            close = norm.find(")", k, hi)
            if close == -1 or _DIGIT_RE.search(norm, k, close):
                return k  # `100名高年资医师(其中市属医院医师占30%以上)`: the bracket has its own figure
        if c.isdigit():
            j = k
            while j > pos and norm[j - 1] in "、和及与或 ":
                j -= 1
            if j == k:
                # `新建3个县域医疗次中心、改扩建乡镇卫生院12所`: the next item names its own noun before its
                # figure, so this object ends at the list mark
                sep = norm.rfind("、", pos, k)
                if sep > pos and "(" not in norm[pos:k]:
                    return sep
            return j
        if c in "、和及与" and k + 1 < hi and norm[k + 1] in "一二两三四五六七八九十":
            return k
        if k > pos + 1 and (c == "并" or norm.startswith(("同时", "或在", "或者在", "或由"), k)):
            return k  # `建成一个医共体并取得实质性成效`: a second predicate
    return hi


def _predicate_start(norm: str, lo: int, hi: int) -> int | None:
    """Where the predicate begins in ``norm[lo:hi]`` (the first verb of the action/limit lists)."""
    cues = _lex().cues
    inside = _bracketed(norm, lo, hi)
    best = None
    for v in cues.get("action", ()) + cues.get("limit_verb", ()) + cues.get("predicate", ()):
        k = norm.find(v, lo, hi)
        while k != -1 and k in inside:  # a verb inside a bracket note (`(不含药品、耗材、检查、化验收入)`) is no predicate
            k = norm.find(v, k + 1, hi)
        if k != -1 and (best is None or k < best):
            best = k
    return best


def _bracketed(norm: str, lo: int, hi: int) -> set[int]:
    """Positions of ``norm[lo:hi]`` inside brackets."""
    out: set[int] = set()
    depth = 0
    for k in range(lo, hi):
        c = norm[k]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth:
            out.add(k)
    return out


_LEVEL_MOD_RE = re.compile(r"[\u4e00-\u9fff]{1,3}级")
_NEXT_ITEM_RE = re.compile(r"\s?(?:、|和|及|与)\s?(?:\d+|[一二两三四五六七八九十]+)\s?[个家所名人种项张类]?(?:以上)?\s?(?P<mod>[\u4e00-\u9fff]{1,3}级)")


def _shared_head(text: str, norm: str, lo: int, hi: int) -> str:
    """The head noun a bare level modifier shares with the next item of its list.

    `15个市级、5个省级名老中医药师承工作室` → `名老中医药师承工作室` for `市级`; "" otherwise.
    """
    if not _LEVEL_MOD_RE.fullmatch(norm, lo, hi):
        return ""
    m = _NEXT_ITEM_RE.match(norm, hi)
    if not m:
        return ""
    h_lo = m.end()
    h_hi = _object_end(norm, h_lo)
    h_lo2, h_hi = _trim_metric(text, norm, h_lo, h_hi, [])
    return text[h_lo:h_hi] if h_lo2 == h_lo and h_hi - h_lo >= 2 else ""


def _bare_head(norm: str, lo: int, hi: int, tlist: list[_Time]) -> bool:
    """True when ``norm[lo:hi]`` holds only item marks, time words and scope words (`全市`)."""
    chars = list(norm[lo:hi])
    for t in tlist:
        for k in range(max(t.start, lo), min(t.end, hi)):
            chars[k - lo] = " "
    rest = "".join(chars).strip()
    m = _ITEM_MARK_RE.match(rest)
    if m:
        rest = rest[m.end() :].strip()
    return not rest or _SCOPE_RE.fullmatch(rest) is not None


def _after_noun(norm: str, pos: int) -> tuple[int, int]:
    """The counted noun phrase right after a figure (`50个以上医疗联合体` → 医疗联合体)."""
    j = pos
    n = len(norm)
    while j < n and j - pos < 24:
        c = norm[j]
        if c in ",;。!?\n:、(" or c == "的":
            break
        if j > pos and norm.startswith(_AFTER_STOP, j):
            break
        j += 1
    return pos, j


def _targets_for_group(
    text: str,
    norm: str,
    group: list[_Fig],
    prev_end: int,
    tlist: list[_Time],
    section_year: int | None,
    doc_year: int | None,
    review: bool,
    prev_metric: str | None = None,
    prev_quant: str | None = None,
    info: dict | None = None,
) -> list[Target]:
    """Targets of one figure or distributive list; ``info`` receives how the metric was found."""
    lex = _lex()
    cues = lex.cues
    first = group[0]
    distributive = len(group) > 1
    pre = first.pre
    post = group[-1].post
    seg_lo = _segment_start(norm, first.start, prev_end)
    m_lo, m_hi = _trim_metric(text, norm, seg_lo, first.start, tlist)
    conj = None
    for conj in _CLAUSE_CONJ_RE.finditer(norm, m_lo, m_hi):
        pass
    if conj is not None and m_hi - conj.end() >= 2:
        # `可以中止医保协议但中止时间原则上不得超过180日`: the measure is in the last clause
        m_lo, m_hi = _trim_metric(text, norm, conj.end(), m_hi, tlist)
    fm = _FROM_RE.search(norm, m_lo, m_hi)
    if fm and fm.end() == m_hi:
        # `病种从21种增加到43种`, `名中医由“十二五”末的20名增加至35名`: the starting value (and
        # its time) belongs to neither the metric nor the figure's year
        tlist = [t for t in tlist if not (fm.start() <= t.start < m_hi)]
        m_lo, m_hi = _trim_metric(text, norm, m_lo, fm.start(), tlist)
    bp = _BASE_PHRASE_RE.search(norm, m_lo, m_hi)
    if bp and bp.end() == m_hi and bp.start() > m_lo:
        # `激活率在2025年81.4%的基础上提高3个百分点`: the base the change starts from is not the measure
        tlist = [t for t in tlist if not (bp.start() <= t.start < m_hi)]
        m_lo, m_hi = _trim_metric(text, norm, m_lo, bp.start(), tlist)
    metric_text = text[m_lo:m_hi] if m_hi > m_lo else ""
    metric_lo, metric_hi = m_lo, m_hi
    comp_hint = lex.pre.get(pre) if pre else None

    # increase verbs separated from the number by their object: `新增托位900个`
    if not pre and metric_text and group[-1].post not in ("以上", "及以上"):
        # (`新增省级临床重点专科8个以上`: the floor is the comparator, 新增 stays in the metric)
        for w in ("新增", "新建", "增加", "增设", "减少") + _NEW_MADE:
            if metric_text.startswith(w) and len(metric_text) > len(w):
                comp_hint = "increase" if w != "减少" else "decrease"
                m_lo += len(w)
                metric_text = text[m_lo:m_hi]
                break

    # `全省已建成紧密型县域医共体85个`, `新招聘乡村医生120名`: the counted noun follows the verb
    if metric_text and group[-1].unit_class in ("count",) and not pre and not _RATE_BASE_RE.match(re.sub(r"\s", "", metric_text)):
        # (`每10万名60岁及以上老年人配备老年医学专业医师15名以上`: a rate keeps its base and verb)
        # the first action verb starts the predicate: a later one is part of the counted noun
        # (`招收住院医师规范化培训学员300名` → 住院医师规范化培训学员, not 学员)
        best, first_k = -1, None
        for w in cues.get("action", ()):
            k = metric_text.find(w)
            if k == -1 or k + len(w) >= len(metric_text) - 1:
                continue
            if first_k is None or k < first_k or (k == first_k and k + len(w) > best):
                first_k, best = k, k + len(w)
        while best > 0:  # serial verbs: `遴选申报2023年省级临床重点专科5个`
            nxt = _starts_with_any(metric_text[best:], cues.get("action", ()))
            if not nxt or best + len(nxt) >= len(metric_text) - 1:
                break
            best += len(nxt)
        if best > 0:
            if metric_text[first_k:best] in ("新建", "新增", "增设") + _NEW_MADE \
                    or metric_text[max(0, first_k - 1) : best] in _NEW_MADE:  # (`新` + a verb the cues know: `创建`)
                if group[-1].post in ("以上", "及以上"):
                    best = first_k  # `新增省级临床重点专科8个以上`: a floor on what is added, 新增 names it
                elif comp_hint is None:
                    comp_hint = "increase"  # `市第二人民医院新建负压病房50张`: the verb after its actor
            n_lo, n_hi = _trim_metric(text, norm, m_lo + best, m_hi, tlist)
            if n_hi - n_lo >= 2:
                m_lo, m_hi = n_lo, n_hi
                metric_text = text[m_lo:m_hi]
    # `建立300人以上的公共卫生应急处置人才库`: the floor sizes the thing built, named after 的
    # likewise a capped duration sizes the thing after 的 (`开具最长12周的长期处方` → 长期处方)
    # and a bound on how often or how long something is held (`每年对托育机构开展不少于2次的安全检查` →
    # 对托育机构开展安全检查: whom it is held for, the verb and what is held)
    bounded_once = lex.pre.get(pre or "") in (">=", "<=") and len(group) == 1
    held = _HOLD_BEFORE_RE.search(norm, max(0, first.start - 4), first.start) if bounded_once else None
    named_after = False  # the measure is the noun after 的
    if norm[group[-1].end : group[-1].end + 1] == "的" and (
            _BUILD_BEFORE_RE.search(norm, max(0, first.start - 4), first.start) or held
            or (group[-1].unit_class == "duration" and bounded_once)):
        b_lo, b_hi = _trim_metric(text, norm, group[-1].end + 1, _object_end(norm, group[-1].end + 1), [])
        if b_hi - b_lo >= 2:
            m_lo, m_hi = b_lo, b_hi
            metric_text = text[m_lo:m_hi]
            named_after = True
            tm = _HELD_FOR_RE.search(norm, max(seg_lo, first.start - 24), first.start) if bounded_once else None
            if tm:
                metric_text = re.sub(r"\s", "", text[tm.start() : tm.end()]) + metric_text
    # quantifier construction: figure followed directly by the counted noun
    last = group[-1]
    nxt = norm[last.end : last.end + 1]
    follows_noun = bool(nxt) and bool(_NOUNISH_RE.match(nxt)) and nxt not in "的或和及与并且等"
    raw_before = norm[seg_lo : first.start].rstrip()
    action = _ends_with_any(raw_before, cues.get("action", ())) if raw_before else None
    if action is None and not pre and raw_before and last.unit_class == "count":
        action = _verb_list_before(norm, seg_lo, first.start)  # `重点建设…、肛肠4个省级中医重点专科`
    ends_action = action is not None
    if action in ("都有", "均有", "各有") and not pre and comp_hint is None:
        comp_hint = ">="
    if ends_action and not pre and comp_hint is None:
        # `至少建立1家`, `不少于…配备2名`: a floor written before the verb
        head = raw_before[: len(raw_before) - len(action)]
        cm = lex.pre_tail_re.search(head)
        if cm and lex.pre.get(cm.group(0).strip()) in (">=", "<="):
            comp_hint = lex.pre[cm.group(0).strip()]
    quant = False
    partitive = ""
    if follows_noun and last.unit_class in ("count", "money", None) and not last.ratio:
        shared = ""
        subject = False  # `34家医院开展了…试点`: a counted subject at the head of its phrase
        basis = re.match(r"(?:按照|按)(?=每)", metric_text)
        if basis and _RATE_BASE_RE.match(metric_text, basis.end()):
            metric_text = metric_text[basis.end() :]  # `按照每千常住人口不低于1.5张床位`
            m_lo += basis.end()
        rate = bool(_RATE_BASE_RE.match(metric_text))  # `每千常住人口1.5张床位`: a rate
        if not pre and not ends_action and comp_hint not in ("increase", "decrease", ">=", "<="):
            gm = _GAP_COMP_RE.search(raw_before) or _METRIC_COMP_RE.search(raw_before)
            if gm:
                comp_hint = lex.pre.get(gm.group(1)) if gm.lastindex else ">="  # `至少在1家…`
            elif prev_quant is not None and not metric_text:
                # `打造2-4个示范县市区、4-6个示范机构`: a list of quantified goals
                comp_hint = prev_quant if prev_quant != "=" else None
            elif _bare_head(norm, seg_lo, first.start, tlist) and not _SCOPE_COND_RE.match(norm, last.end):
                subject = True
            elif (part := _PARTITIVE_HAS_RE.search(norm, _sentence_start(norm, first.start), first.start)) is not None:
                # `全市41家乡镇卫生院中已有40家建成中医馆`: the count of the population that did it, measured as
                # what was done by whom (建成中医馆的乡镇卫生院)
                subject = True
                partitive = part.group("noun").strip()
            elif _floor_object(norm, seg_lo, first, last):
                # `能够提供6类以上中医药技术服务`, `推广…等10类以上中医适宜技术`: a floor on the
                # counted object of any verb, not only of the action verbs; likewise a range
                # (`形成1至2家具有较强竞争力的…医院`)
                comp_hint = "range" if last.value_max is not None else ">="
            elif not rate and first.unit_class != "pct":
                return []  # `8个县市`, `14类医用耗材`: a quantified noun, not a figure
        if subject:
            a_lo, a_hi = _trim_metric(text, norm, last.end, _object_end(norm, last.end), [])
            if info is not None:
                info["after_end"] = a_hi
            if "了" in norm[a_lo:a_hi] and info is not None:
                info["past"] = True
            k = _predicate_start(norm, a_lo + 1, a_hi)
            if k is not None and a_hi - k >= 2:
                a_lo = k  # `63家医疗机构接入…系统`: the counted subject's predicate is the metric
        else:
            if rate:
                a_lo, a_hi = _after_noun(norm, last.end)
                if norm[a_hi : a_hi + 1] == "的" and _object_end(norm, last.end) - last.end <= 12:
                    a_hi = _object_end(norm, last.end)  # `每万名居民拥有2-3名合格的全科医生`
            else:
                # `至少设置1个危重孕产妇和危重新生儿救治中心`, `支持1家县级妇幼保健院达到三级标准`:
                # the counted object with the rest of its phrase
                a_lo, a_hi = last.end, _object_end(norm, last.end)
            if info is not None:
                info["after_end"] = a_hi
            a_lo, a_hi = _trim_metric(text, norm, a_lo, a_hi, [])
            # `新建15个市级、5个省级名老中医药师承工作室`: the modifiers share the last head
            shared = _shared_head(text, norm, a_lo, a_hi)
        if a_hi > a_lo:
            if rate and (not pre or _RATE_BASE_RE.fullmatch(re.sub(r"\s", "", metric_text))):
                # `每千常住人口` + `床位`, also around a comparator (`每千常住人口不低于6张床位`); a verb
                # between keeps its place (`每万名城乡居民拥有` + `合格的全科医生`)
                hv = _HAVE_BEFORE_RE.search(norm, max(seg_lo, first.start - 4), first.start)
                verb = hv.group(1) if hv and not metric_text.endswith(hv.group(1)) else ""
                metric_text = metric_text + verb + text[a_lo:a_hi]
            else:
                metric_text = text[a_lo:a_hi] + shared
                m_lo, m_hi = a_lo, a_hi
            if partitive and metric_text:
                metric_text = re.sub(r"\s", "", metric_text).replace("了", "") + "的" + partitive  # 设置中医临床科室的公立综合医院
        quant = True
    # `控制在受理之日起30日之内办结`, `应于5个工作日内提交同级财政部门`: the limited action
    # follows the limit
    counted_cap = raw_before.endswith("起") and not last.post and lex.pre.get(pre) == "<="  # `自…之日起不超过20个工作日完成审核`
    if last.unit_class == "duration" and (last.post in _LIMIT_POST or counted_cap) and (not metric_text or raw_before.endswith("起") or not pre):
        a_lo, a_hi = last.end, _phrase_end(norm, last.end)
        if "是指" in raw_before:
            return []  # `死亡病例讨论记录是指在患者死亡一周内…的记录`: a definition, not a limit
        if _is_time_limit(norm, last) and (not raw_before.strip() or raw_before.endswith("、")):
            tail = norm[last.end : a_hi]
            fv = _first_verb(norm, last.end, a_hi)
            listed_limit = raw_before.endswith("、") and fv is not None and fv[0] == last.end \
                and not _MODAL_RE.search(tail) and "、" not in tail
            if (_MODAL_RE.search(tail) or "、" in tail or raw_before.endswith("、")) and not listed_limit:
                return []  # `24小时内入出院记录应当于…完成`: a limit naming a record, not a limit
            # (`24小时内送达城区医疗机构、48小时内送达…`: the second limit of a list binds its own action)
        action = ""
        for _ in range(3):
            # `30日内,向考核机构提出复核申请`: the action may follow in the next phrase
            while a_lo < len(norm) and norm[a_lo] in " ,、":
                a_lo += 1
            a_hi = _limited_action_end(norm, a_lo, _phrase_end(norm, a_lo))
            action, has_verb = _limited_action(text, norm, a_lo, a_hi)
            if action and not has_verb and a_lo == last.end and _RECORD_NAME_RE.search(action):
                return []  # `可以书写24小时内入出院记录`: the limit is part of a record's name
            if action and (has_verb or (a_lo == last.end and not _PREP_RE.match(norm, a_lo))):
                break
            action = ""
            a_lo = _phrase_end(norm, a_lo)
            if a_lo >= len(norm) or norm[a_lo] != ",":
                break
        if action:
            subject = metric_text
            sm = _SUBJECT_END_RE.search(norm, m_lo, m_hi) if subject else None
            if sm and sm.start() > m_lo:
                s_lo, s_hi = _trim_metric(text, norm, m_lo, sm.start(), tlist)
                subject = text[s_lo:s_hi]  # `入院记录应当于患者入院后` → 入院记录
            elif sm or (subject and _START_PHRASE_RE.search(norm, m_lo, m_hi)):
                subject = ""  # `应当在患者入院8小时内完成`: an event, not a subject
            bare_verb = len(re.sub(r"^(?:再次|重新|另行)", "", action)) <= 2
            if bare_verb and not subject:
                # `首次病程记录是指…的第一次病程记录,应当在患者入院8小时内完成`: the record defined
                dm = _DEFINED_RE.match(_ITEM_MARK_RE.sub("", norm[_sentence_start(norm, seg_lo) : seg_lo]))
                if dm:
                    subject = dm.group("x")
            if bare_verb and subject and not _is_actor(subject):
                # `备案类问题需在2个工作日内回复`, `…1周内必须再次讨论`: a bare verb keeps its subject
                action = subject + action
            metric_text = action
            m_lo, m_hi = a_lo, a_hi
            if info is not None and norm[a_hi : a_hi + 1] in ("、", "和", "及", "或"):
                info["after_end"] = a_hi  # the next limit of the list starts after this action
    if not metric_text:
        am = _AS_RE.match(norm, last.end)
        if am and norm[seg_lo - 1 : seg_lo] == "(":
            # `可预留一定比例(不超过5%)作为质量保证金`: the figure names what it is put to
            a_lo, a_hi = _trim_metric(text, norm, am.end(), _phrase_end(norm, am.end()), [])
            if a_hi > a_lo:
                m_lo, m_hi = a_lo, a_hi
                metric_text = text[m_lo:m_hi]
        elif norm[seg_lo - 1 : seg_lo] == "," and seg_lo - 1 > _sentence_start(norm, seg_lo - 1):
            # `可设置变更或取消备案的时限,原则上不超过6个月`: the measure named just before
            p_lo = _segment_start(norm, seg_lo - 1, prev_end)
            p_hi = seg_lo - 1
            cw = next((k for k in range(p_lo, p_hi) if any(norm.startswith(w, k) for w in ("稳定在", "保持在", "控制在", "维持在"))), None)
            if cw is not None and cw - p_lo >= 2:
                p_hi = cw  # `医疗费用增长幅度稳定在合理水平,控制在10%以下`
            k = _predicate_start(norm, p_lo, p_hi)
            if k is not None:
                v = next((w for w in cues.get("action", ()) + cues.get("limit_verb", ()) + cues.get("predicate", ()) if norm.startswith(w, k)), "")
                p_lo = k + len(v)
            mon = _MONITOR_RE.match(norm, p_lo)
            if mon and k is None:
                p_lo = mon.end()  # `持续跟踪…占比,力争…提高1个百分点`: what is tracked is the measure
            a_lo, a_hi = _trim_metric(text, norm, p_lo, p_hi, tlist)
            if a_hi > a_lo and _MEASURE_END_RE.search(norm, a_lo, a_hi) and a_hi - a_lo - len(_bracketed(norm, a_lo, a_hi)) <= 24:
                m_lo, m_hi = a_lo, a_hi
                metric_text = text[m_lo:m_hi]
    # `推广慢病一体化门诊,覆盖率达到80%`, `完成…抽样调查,样本量不少于3000人`: a bare attribute measures what the
    # previous phrase acts on
    if metric_text and _BARE_MEASURE_RE.fullmatch(re.sub(r"\s", "", metric_text)) and norm[seg_lo - 1 : seg_lo] == "," \
            and seg_lo - 1 > _sentence_start(norm, seg_lo - 1):
        p_lo, p_hi = _segment_start(norm, seg_lo - 1, prev_end), seg_lo - 1
        verbs = cues.get("action", ()) + cues.get("limit_verb", ()) + ("推广", "普及")
        k = max((j for j in (norm.rfind(w, p_lo, p_hi) for w in verbs) if j != -1), default=None)  # the last verb
        if k is not None:
            v = max((w for w in verbs if norm.startswith(w, k)), key=len)
            o_lo, o_hi = _trim_metric(text, norm, k + len(v), p_hi, tlist)
            obj = _SCOPE_LEAD_RE.sub("", re.sub(r"\s", "", text[o_lo:o_hi]))
            if 2 <= len(obj) <= 16 and not _DIGIT_RE.search(obj):
                metric_text = obj + re.sub(r"\s", "", metric_text)
    # `医保基金100%预付到位`: a share followed by what was done to it
    if last.unit_class == "pct" and not pre and not last.post and metric_text and follows_noun and not quant:
        a_lo, a_hi = _trim_metric(text, norm, last.end, _phrase_end(norm, last.end), [])
        if 0 < a_hi - a_lo <= 8:
            metric_text = metric_text + text[a_lo:a_hi]
    # `对新药品种设立不超过5年的监测期`: a bound on the noun after 的
    if pre and lex.pre.get(pre) in (">=", "<=") and norm[last.end : last.end + 1] == "的" and not _GOAL_NOUN_RE.match(norm, last.end) \
            and not named_after:
        verbs = cues.get("action", ()) + cues.get("limit_verb", ())
        if not metric_text or _ends_with_any(norm[m_lo:m_hi], verbs):
            a_lo, a_hi = _trim_metric(text, norm, last.end + 1, _phrase_end(norm, last.end + 1), [])
            if 2 <= a_hi - a_lo <= 12:
                m_lo, m_hi = a_lo, a_hi
                metric_text = text[m_lo:m_hi]
    gm = _GAP_COMP_RE.search(norm, m_lo, m_hi) if metric_text and not pre else None
    if gm and gm.end() == m_hi:
        w = next(w for w in ("不得少于", "不少于", "不低于", "至少", "最少") if norm.startswith(w, gm.start()))
        if gm.start() > m_lo:
            # `登记资料至少保存3年`: the floor word is the comparator, not part of the metric
            metric_text = text[m_lo : gm.start()] + text[gm.start() + len(w) : m_hi]
            metric_text = re.sub(r"\s", "", metric_text)
            if comp_hint is None:
                comp_hint = ">="  # the floor written before the verb
    # `工作日每天至少查房2次` → 工作日每天查房, `中间级别的医师每周至少查房3次` → 中间级别的医师每周查房:
    # a count per period measures the repeated action in its period, with the days or the actor
    # written before the period (not the subject before a modal, nor a partitive `三级医师中`);
    # `…随时书写病程记录,每天至少1次`: an action named only in the previous phrase stands alone
    if _unit_word(last.unit) == "次" and not quant and not named_after:
        fq = None
        for fq in _FREQ_RE.finditer(norm, seg_lo, first.start):
            pass
        if fq is not None:
            a_lo, a_hi = _trim_metric(text, norm, fq.end(), first.start, [])
            raw_action = re.sub(r"\s", "", text[a_lo:a_hi]) if a_hi > a_lo else ""
            action = _FLOOR_WORD_RE.sub("", raw_action)
            if action != raw_action and comp_hint is None:
                comp_hint = ">="  # `每班至少巡视病房4次`: the floor written before the verb
            if action in ("进行", "开展", "组织"):
                action = ""  # a light verb alone names nothing: the action is in the previous phrase
            if action:
                p_lo, p_hi = _trim_metric(text, norm, seg_lo, fq.start(), tlist)
                prefix = re.sub(r"\s", "", text[p_lo:p_hi]) if p_hi > p_lo else ""
                mods = list(_MODAL_RE.finditer(prefix))
                if mods:
                    prefix = prefix[mods[-1].end() :]  # `医疗机构应当对医师每年…`: the subject is not it
                prefix = _PARTITIVE_RE.sub("", prefix)
                if len(prefix) > 12 or not _CJK_RE.match(prefix[:1] or "x"):
                    prefix = ""
                action = prefix + re.sub(r"\s", "", fq.group(0)) + action
            if not action and norm[seg_lo - 1 : seg_lo] == "," and seg_lo - 1 > _sentence_start(norm, seg_lo - 1):
                p_lo, p_hi = _segment_start(norm, seg_lo - 1, prev_end), seg_lo - 1
                k = _predicate_start(norm, p_lo, p_hi)
                if k is None and (mods := list(_MODAL_RE.finditer(norm, p_lo, p_hi))) and p_hi - mods[-1].end() >= 2:
                    k = mods[-1].end()  # `对慢性病患者应当定期随访,每季度至少1次`: what follows the modal
                if k is not None:
                    v_lo, v_hi = _trim_metric(text, norm, k, p_hi, [])
                    if v_hi - v_lo >= 2:
                        action = re.sub(r"\s", "", text[v_lo:v_hi])
                        tm = _FOR_TOPIC_RE.match(norm, _sentence_start(norm, p_lo))
                        if tm:
                            action = tm.group("t") + action  # `对病危患者应当…书写病程记录,每天至少1次`
            metric_text = action
            m_lo, m_hi = (a_lo, a_hi) if action else (first.start, first.start)
    # `月结算办理时限为定点医药机构申报截止次日起不超过20个工作日`: the event a period is
    # counted from is not part of the metric
    sp = _METRIC_START_RE.search(norm, m_lo, m_hi) if metric_text else None
    if sp and sp.end() == m_hi and sp.start() > m_lo:
        m_lo, m_hi = _trim_metric(text, norm, m_lo, sp.start(), tlist)
        metric_text = text[m_lo:m_hi] if m_hi > m_lo else ""
    # `以每年提升1-3个百分点的速度持续提升签约率`: the metric follows
    rate = _RATE_AFTER_RE.match(norm, last.end)
    if rate:
        j = rate.end()
        while j < len(norm) and norm[j] not in ",;。!?\n(":
            j += 1
        a_lo, a_hi = _trim_metric(text, norm, rate.end(), j, [])
        if a_hi > a_lo:
            metric_text = text[a_lo:a_hi]
            m_lo, m_hi = a_lo, a_hi
    # `76.3%的二级及以上公立综合医院设有中医科`: the share of a population
    if last.unit_class == "pct" and norm[last.end : last.end + 1] == "的" and not pre:
        j = _phrase_end(norm, last.end + 1)
        a_lo, a_hi = _trim_metric(text, norm, last.end + 1, j, [])
        pm = _NEXT_SHARE_RE.search(norm, last.end + 1, j)
        k = _predicate_start(norm, pm.end(), j) if pm else None
        if k is not None:
            k -= next((len(w) for w in ("能够", "可以", "能", "可") if norm.startswith(w, k - len(w))), 0)
        if pm and k is not None and k - pm.end() >= 2:
            # `85%以上的社区卫生服务站和70%以上的村卫生室能够提供…`: two shares of two populations
            # sharing one predicate; this one measures its own population with that predicate
            p_lo, p_hi = _trim_metric(text, norm, last.end + 1, pm.start(), [])
            if p_hi - p_lo >= 2:
                metric_text = text[p_lo:p_hi] + text[k:a_hi]
                m_lo, m_hi = p_lo, p_hi
                if info is not None:
                    info["after_end"] = pm.start()
                a_lo = a_hi = 0
        if info is not None and a_hi > a_lo:
            info["after_end"] = a_hi  # `60%以上的县至少有1家…`: the nested figure is the population's
        if a_hi > a_lo and not metric_text:
            metric_text = text[a_lo:a_hi]
            m_lo, m_hi = a_lo, a_hi
        elif a_hi > a_lo:
            metric_text = text[a_lo:a_hi]

    # `提供特需服务的比例不超过全部医疗服务的10%`: comparator inside the phrase
    raw_seg = norm[seg_lo : first.start].rstrip()
    lead_cm = _SHARE_COMP_RE.match(metric_text) if not pre and metric_text and raw_seg.endswith("的") else None
    if lead_cm and lex.pre.get(lead_cm.group(0)) is None:
        lead_cm = None  # `占…的40%`: a share, read by the rule below
    if lead_cm and not _CJK_RE.match(norm[last.end : last.end + 1] or "x") \
            and not _SHARE_COMP_RE.search(metric_text, lead_cm.end()):
        # `…综合确定,原则上不超过…平均工资的3倍`: the phrase opens with its comparator; the
        # measure is the sentence's subject (`县级公立医院薪酬水平由…`)
        comp_hint = lex.pre.get(lead_cm.group(0))
        metric_text = ""
        sub = _sentence_subject(text, norm, seg_lo, tlist)
        if sub is not None:
            m_lo, m_hi = sub
            metric_text = text[m_lo:m_hi]
    elif not pre and metric_text:
        sm = _SHARE_OF_RE.match(metric_text) if raw_seg.endswith("的") else None
        if sm and (not _CJK_RE.match(norm[last.end : last.end + 1] or "x") or norm[last.end : last.end + 1] in ("且", "并")):
            # the comparator is the last one (`A占B的比例稳定在上年的1.2倍以上` → 稳定在)
            cms = [c for c in _SHARE_COMP_RE.finditer(metric_text, sm.start("c")) if c.start() > 0]
            cm_last = cms[-1] if cms else None
            c = lex.pre.get(cm_last.group(0)) if cm_last else None
            if c:
                comp_hint = c
            m_lo, m_hi = _trim_metric(text, norm, m_lo, m_lo + (cm_last.start() if cm_last else len(sm.group("m"))), tlist)
            metric_text = text[m_lo:m_hi]
        else:
            cm = _METRIC_COMP_RE.search(metric_text)
            if cm and comp_hint is None:
                comp_hint = lex.pre.get(cm.group(1))
    # `85%以上村卫生室提供中医药服务`: a share followed by its population
    if last.unit_class == "pct" and not pre and follows_noun and not metric_text:
        j = _phrase_end(norm, last.end)
        a_lo, a_hi = _trim_metric(text, norm, last.end, j, [])
        if a_hi > a_lo:
            metric_text = text[a_lo:a_hi]
            m_lo, m_hi = a_lo, a_hi
            if info is not None:
                info["after_end"] = a_hi

    # `取药后处方保存二年`, `患者出院后病历保存不少于30年`: an event leading the metric says from when
    # the measure runs, it is not the measured thing (a named indicator such as `出院后随访率` keeps it)
    em = _LEAD_EVENT_RE.match(metric_text) if metric_text else None
    if em and len(metric_text) - em.end() >= 2 and (
        not _MEASURE_END_RE.search(metric_text) or _PERIOD_MEASURE_RE.search(metric_text)
        or em.group(0).endswith("起")  # `自…之日起` never names an indicator
    ):
        if text[m_lo:m_hi] == metric_text:
            m_lo += em.end()
        metric_text = metric_text[em.end() :]
    # `验收记录必须保存至超过药品有效期1年`, `并保存至疫苗有效期满后不少于五年`: a retention period
    # runs to an event; the event is not the measure, nor is the modal between the record and
    # its verb (rule 8: the subject ends at a modal)
    if metric_text and last.unit_class == "duration":
        rm = _RETAIN_METRIC_RE.match(metric_text)
        if rm and (rm.group("to") or rm.group("modal")):
            new_metric = rm.group("s") + "保存"
            if text[m_lo:m_hi] == metric_text:
                m_hi = m_lo + len(rm.group("s"))  # the span is no longer one piece of the text
            metric_text = new_metric
    # `控缓释制剂,每张处方不得超过7日常用量`, `第二类精神药品一般每张处方不得超过7日常用量`,
    # `盐酸哌替啶处方为一次常用量`: a limit per prescription measures the drug or dosage form it is
    # written for (the topic), not 处方 nor the dose
    dose = _is_dose(norm, last)
    if dose:
        t_lo, t_hi = _trim_metric(text, norm, seg_lo, first.start, tlist)
        metric_text = text[t_lo:t_hi] if t_hi > t_lo else ""
    if (metric_text or dose) and (last.unit_class == "duration" or dose):
        flat = re.sub(r"\s", "", metric_text)
        pm = _PER_RX_RE.search(flat)
        topic = None
        if pm and pm.start() >= 2:
            topic = flat[: pm.start()]
        elif pm or (dose and len(flat) < 2):
            if norm[seg_lo - 1 : seg_lo] == "," and seg_lo - 1 > _sentence_start(norm, seg_lo - 1):
                p_lo, p_hi = _segment_start(norm, seg_lo - 1, prev_end), seg_lo - 1
                t_lo, t_hi = _trim_metric(text, norm, p_lo, p_hi, tlist)
                topic = re.sub(r"\s", "", text[t_lo:t_hi])
        elif dose:
            topic = flat
        if topic is not None:
            topic = _PRESCRIBED_FOR_RE.sub("", topic)
            topic = _WHEN_USED_RE.sub("", topic)
            sm = _SUBJECT_END_RE.search(topic)
            if sm and sm.start() >= 2:
                topic = topic[: sm.start()]  # `…处方应当逐日开具` → …处方
            if 2 <= len(topic) <= 24:
                metric_text = topic
    if first.pre == "满" and metric_text:
        # `…毕业生须在乡镇卫生院服务满2年`: the service, not who owes it
        flat = re.sub(r"\s", "", metric_text)
        mods = list(_MODAL_RE.finditer(flat))
        if mods and len(flat) - mods[-1].end() >= 2:
            metric_text = flat[mods[-1].end() :]
    if first.ratio and norm.startswith(("的比例", "比例"), last.end):
        # `按照执法人员与辖区常住人口1:10000的比例配备…`: the ratio of the two named before it
        r_lo, r_hi = _trim_metric(text, norm, seg_lo, first.start, tlist)
        head = re.sub(r"\s", "", text[r_lo:r_hi])
        head = re.sub(r"^(?:按照|按)", "", head)
        if len(head) >= 2:
            metric_text = head + "的比例"
    if first.pre == "满足" and metric_text:
        # `储备满足30天满负荷运转需求的防护用品和药品`: what is stocked, named after 的 when the subject is only 储备
        flat = re.sub(r"\s", "", metric_text).removesuffix("满足")
        metric_text = flat
        if flat.endswith("储备") and len(flat) <= 3:
            o_lo, o_hi = _trim_metric(text, norm, last.end, _phrase_end(norm, last.end), [])
            obj = re.sub(r"\s", "", text[o_lo:o_hi]).rsplit("的", 1)[-1]
            if len(obj) >= 2:
                metric_text = obj + "储备"
    if metric_text and re.sub(r"\s", "", metric_text) == "保存" and norm[seg_lo - 1 : seg_lo] == ",":
        # `并建立完整的生产记录,保存五年备查`: the record the previous phrase names is what is kept
        rm = _KEPT_RECORD_RE.search(re.sub(r"\s", "", text[_segment_start(norm, seg_lo - 1, prev_end) : seg_lo - 1]))
        if rm:
            metric_text = rm.group("r") + "保存"
    if first.pre == "只能":
        # an exclusive cap counts the thing after the figure (`只能向一个与其签订…的血液制品生产单位供应`):
        # the head after the last 的, before its verb
        o_lo, o_hi = _trim_metric(text, norm, last.end, _phrase_end(norm, last.end), [])
        obj = re.sub(r"\s", "", text[o_lo:o_hi])
        obj = obj.rsplit("的", 1)[-1]
        vm = _OBJ_VERB_RE.search(obj, 2)
        if vm:
            obj = obj[: vm.start()]
        if len(obj) >= 2:
            metric_text = obj
    ruled = _ruled_measure(text, norm, seg_lo, first, last, tlist)
    if ruled:
        metric_text = ruled
        bm = _BOUNDED_RULE_RE.search(norm, _sentence_start(norm, first.start), first.start)
        if bm and comp_hint is None:
            # `起付线统一按照不超过…收入50%的标准确定`: the rule's bound is the figure's comparator
            comp_hint = lex.pre.get(bm.group(0).lstrip("按照").strip(), comp_hint)
    if metric_text and pre in ("约", "近", "大约", "约为") and (chg := _CHANGE_TAIL_RE.search(re.sub(r"\s", "", metric_text))) \
            and chg.start() >= 2:
        # `素养水平较2020年提升约9个百分点`: the change verb (and its base) stood apart from the figure
        metric_text = re.sub(r"\s", "", metric_text)[: chg.start()]
    if metric_text:
        written = re.sub(r"\s", "", metric_text)
        flat = _IN_SCOPE_RE.sub("", written)  # `在传染病救治中中医药参与率`: the scope, without 在
        flat = _UNIT_BASIS_RE.sub("", flat)  # `接种率以乡镇为单位`: how it is counted
        if flat != written:
            metric_text = flat
        if _STANDARD_TAIL_RE.fullmatch(flat) and (
            sub := _BY_SUBJECT_RE.search(re.sub(r"\s", "", norm[_sentence_start(norm, seg_lo) : first.start]))
        ):
            # `乡村医生公共卫生服务补助按服务人口每人每年不低于6元标准落实`: the measure is what the standard is for
            metric_text = flat = _ITEM_MARK_RE.sub("", sub.group("s"))
        lv = _LIGHT_VERB_RE.search(flat) if first.pre and m_hi <= first.start and last.unit_class in ("count", "money") else None
        if lv and len(flat) - lv.end() >= 2 and not _MEASURE_END_RE.search(flat):
            # `每年组织执法人员业务培训不少于40学时`, `设置负压病房不少于10间`: the counted thing
            metric_text = flat = flat[lv.end() :]
        cmp_m = _THAN_RE.match(flat) if last.unit_class == "pct" and not pre else None
        fund = _FUND_VERB_RE.search(flat) if last.unit_class == "money" else None
        items = flat.split("、") if not re.search(r"[(（)）]", flat) else [flat]  # 、 inside a note does not list tasks
        if cmp_m:
            # `县域内住院费用报销比例比县外高出15个百分点`: a gap over a base is an increase of the measure
            metric_text = cmp_m.group("m")
            comp_hint = "decrease" if cmp_m.group("v") in ("低", "低出", "少", "减少", "降低") else "increase"
        elif fund and len(flat) - fund.end() >= 4:
            # `市级财政每年安排卫生健康发展专项资金不低于1亿元`: the fund, not who budgets it or how often
            metric_text = flat[fund.end() :]
        elif not distributive and len(items) >= 2 and len(items[-1]) >= 3 and _MEASURE_END_RE.search(items[-1]) \
                and "的" not in items[0] and not all(_MEASURE_END_RE.search(p) for p in items) \
                and any(_TASK_VERB_RE.search(p) or _predicate_start(p, 0, len(p)) is not None for p in items[:-1]):
            # (`能够开展…技术的社区卫生服务中心、乡镇卫生院占比`: a modifier with 的 over a list of populations)
            # `县级公立医院全部取消药品加成、县域内就诊率达到85%`: a task listed before the measure
            metric_text = items[-1]
    if _is_extension(norm, last):
        metric_text = "延长"  # the allowed extension of the limit before it
    elif pre.endswith("每") and last.unit_class == "duration":
        # `至少每2天到医疗卫生机构收集、运送一次医疗废物`: a floor on how often, stated as the longest
        # interval; the metric is the repeated action (without its `一次`)
        a_lo, a_hi = _trim_metric(text, norm, last.end, _phrase_end(norm, last.end), [])
        action = re.sub(r"(?:一|1)\s?次", "", re.sub(r"\s", "", text[a_lo:a_hi]))
        if len(action) >= 2:
            tm = _FOR_TOPIC_RE.match(norm, _sentence_start(norm, seg_lo))
            metric_text = (tm.group("t") if tm else "") + action  # `对病重患者,` → 病重患者记录病程记录
    # `门（急）诊病历由医疗机构保管的,保存时间自…之日起不少于15年`: a bare attribute belongs to
    # the topic the sentence opens with (`X由…的,`, `X…的,`)
    elif metric_text and _BARE_ATTR_RE.fullmatch(re.sub(r"\s", "", metric_text)) and norm[seg_lo - 2 : seg_lo] == "的,":
        s_lo = _sentence_start(norm, seg_lo - 1)
        t_lo, t_hi = _trim_metric(text, norm, s_lo, seg_lo - 1, tlist)
        head = re.sub(r"\s", "", text[t_lo:t_hi]) if t_hi > t_lo else ""
        tm = _TOPIC_RE.match(head)
        if tm:
            metric_text = tm.group("t") + re.sub(r"\s", "", metric_text)
    # spans: the whole figure (pre + value + unit + post); bare values in a list
    spans: list[tuple[int, int]] = []
    if distributive:
        for f in group:
            spans.append((f.num_start, f.num_end))
    else:
        spans.append((first.start, first.end))

    # metrics of a distributive list
    metrics: list[str | None]
    note = ""
    if distributive and metric_text and (nm := _TAIL_NOTE_RE.search(metric_text)) and nm.start() > 0:
        # `县医院、县中医医院药占比（不含中药饮片）分别控制在35%、40%`: the note is every part's
        note, metric_text = metric_text[nm.start() :], metric_text[: nm.start()]
    if distributive and metric_text:
        parts = [p for p in _split_top(metric_text) if p]
        if len(parts) == len(group) and all(_MEASURE_END_RE.search(p) for p in parts):
            metrics = parts
        elif len(parts) == len(group) and "的" in parts[0] and all(len(p) <= 6 and "的" not in p for p in parts[1:]):
            # `开展集中带量采购的药品与耗材分别达到450种与25类`: the modifier before 的 is shared
            shared = parts[0][: parts[0].rindex("的") + 1]
            metrics = [parts[0]] + [shared + p for p in parts[1:]]
        elif len(parts) == len(group) and _MEASURE_END_RE.search(parts[-1]) and "的" not in parts[-1] \
                and all((len(p) <= 6 or (len(p) <= 12 and _POPULATION_END_RE.search(p))) and not _MEASURE_END_RE.search(p) for p in parts[:-1]) \
                and (tail := _shared_tail(parts[:-1], parts[-1])):
            # `高血压、糖尿病患者规范管理率分别达到65%、64%`: the modifiers share the last part's head
            metrics = [p + tail for p in parts[:-1]] + [parts[-1]]
        else:
            metrics = [metric_text] * len(group)
        if note:
            metrics = [m + note if m else m for m in metrics]
    else:
        metrics = [metric_text or None] * len(group)

    # entitlement/tariff exclusions by metric wording
    if metric_text:
        reported = review and pre in cues.get("reach", ())  # `最高支付限额提高至30万元` in a review
        # a reform that moves an entitlement (`城乡居民大病保险起付线降至1.2万元`) sets a goal; the
        # entitlement itself (`起付线为1万元`, `最高支付限额30万元`) does not
        # (an increment verb moves a standard too: `人均财政补助标准在上年基础上新增35元`)
        changed = _CHANGE_PRE_RE.fullmatch(pre or "") is not None \
            or _STANDARD_CHANGE_RE.fullmatch(pre or "") is not None and "标准" in metric_text
        # a cap or floor the plan sets on an entitlement (`起付标准不高于当地职工年平均工资的2%`) binds it too
        moved = changed or lex.pre.get(pre or "") in (">=", "<=") or comp_hint in (">=", "<=")
        for w in cues.get("entitlement", ()):
            if w in metric_text and not reported and not moved:
                return []
        if last.unit_class == "money" and not (pre or post) and comp_hint is None \
                and any(w in metric_text for w in cues.get("grant_verb", ())) \
                and _ends_with_any(metric_text, cues.get("grant_noun", ())):
            return []  # `给予一次性安家补助5万元`: an entitlement granted, not a goal (spec §5)
        if last.unit_class == "money" and lex.pre.get(pre) not in (">=", "<=") and not changed:
            # a fixed tariff or subsidy rate is no goal; a floor or cap on it is (`补助标准不低于每人每月1000元`),
            # and so is a change of it (`人均财政补助标准提高30元`)
            for w in cues.get("tariff", ()):
                if w in metric_text:
                    return []
            if _SUBSIDY_RE.search(metric_text) and comp_hint not in (">=", "<="):
                # a subsidy granted (`县财政一次性补助100万元`, `每年补助运行经费20万元`): an entitlement;
                # a fund (`专项补助资金3000万元`) is a commitment and stays
                return []
            if _ends_with_any(metric_text, cues.get("fee_share", ())) and "其中" in norm[_sentence_start(norm, seg_lo) : first.start]:
                return []  # `其中城乡居民医保基金支付30元、个人缴纳10元`: the split of a fee
        for w in cues.get("weight", ()):
            if last.unit_class == "pct" and re.search(re.escape(w) + r"(?=(?:依次|分别|各)?(?:占|为|是|$))", metric_text):
                # `分值占卫生健康类考核指标的30%`, `权重为20%`: a scoring weight, not a goal (`按病种分值付费` is a
                # payment method, `病组权重年度调整幅度` the change of a weight)
                return []
        calc = _CALC_RULE_RE.search(norm[seg_lo : first.start])
        if calc and "占" in calc.group(0):
            calc = None  # `按DRG/DIP付费的病种占住院病种的90%以上`: 按 in the subject, the figure a share
        bounded = _BOUNDED_RULE_RE.match(calc.group(0)) if calc else None
        if calc and not pre and not bounded:
            return []  # `补偿额按2016年度药品费的15%测算`: a calculation rule
        if bounded and not pre:
            # a bound on the rule is a target (`医保基金按不低于年度约定采购金额的30%预付`): its
            # comparator, and the measure without the rule's wording (医保基金预付给医疗机构)
            comp_hint = lex.pre.get(bounded.group(0).lstrip("按照").strip(), comp_hint)
            rule = text[seg_lo + calc.start() : seg_lo + calc.end()].rstrip("的")
            metrics = [(m.replace(rule + "的", "").replace(rule, "") or m) if m else m for m in metrics]
            if metrics and metrics[0] and metrics[0].startswith("比例") and len(metrics[0]) > 3:
                # `医保基金按不低于…30%的比例预付`: the share of the action (医保基金预付比例)
                subj = text[seg_lo : seg_lo + calc.start()].strip()
                subj = subj if re.fullmatch(r"[\u4e00-\u9fff（）()]{2,12}", subj) else ""
                metrics = [subj + m[2:] + "比例" if m and m.startswith("比例") else m for m in metrics]
        if _PAYMENT_RATIO_RE.search(metric_text) and _CONDITIONAL_RE.search(norm, _sentence_start(norm, seg_lo), seg_lo):
            return []  # `签约居民在基层就诊的,报销比例提高10%`: an entitlement rule
        if last.unit_class == "pct" and not distributive and not (pre or post) and comp_hint is None \
                and _ends_with_any(norm[m_lo:m_hi], cues.get("share_verb", ())):
            return []  # `由医疗机构补偿80%,医保基金补偿15%`: a fixed split of a cost
        if (_PAYMENT_RATIO_RE.search(metric_text) or _CATEGORY_RATIO_RE.search(metric_text)) and comp_hint is None and not pre:
            # (`统筹基金支付比例在职职工为90%、退休人员为92%`: the ratio of each insured category, a rule too)
            # `报销比例70%` states a rule, not a target; a ratio reached in a past year is a reported
            # figure (`2025年,…住院费用基金支付比例分别为84.3%和71.2%`, in a 2026 plan)
            yr, yr_type, _ = _year_for(first.start, seg_lo, tlist, section_year, norm)
            if not (yr is not None and doc_year is not None and yr < doc_year and yr_type != "start"):
                return []

    year, time_type, time_end = _year_for(first.start, seg_lo, tlist, section_year, norm)
    if time_end is not None and metric_lo < time_end <= metric_hi:
        time_type = "inside"  # `申报2023年省级临床重点专科5个`: a modifier, not the figure's date
    elif time_end is not None and time_end > metric_hi and metric_hi > metric_lo and time_type == "date":
        time_type = "mid"  # `基层就诊率2025年达到65%`: the year the goal is set for
    kind = _kind(norm, first, seg_lo, year, time_type, doc_year, review, (info or {}).get("prev_kind"))
    if kind == "target" and not pre and not post and comp_hint is None and not distributive \
            and last.unit_class == "count" and _TOTAL_TAIL_RE.search(raw_before):
        return []  # `核心制度共18项`: a description of the text, not a goal
    if (info or {}).get("past") and kind == "target" and time_type != "deadline":
        kind = "actual"  # `34家医院开展了…试点`

    unit = None
    for f in group:
        unit = unit or f.unit
    if comp_hint is None and not pre and not post and (info or {}).get("list_change"):
        comp_hint = info["list_change"]
    if info is not None and quant:
        info["quant"] = comp_hint if comp_hint in ("increase", "decrease", ">=", "<=") else "="
    if metric_text and re.fullmatch(r"[\d.\s]+", metric_text.translate(_NORMALIZE)):
        metric_text = ""  # `3年共计45名以上`: a bare number left over names nothing
    if metric_text and prev_metric and not distributive and _RATE_BASE_RE.fullmatch(re.sub(r"\s", "", metric_text)) \
            and (info or {}).get("prev_unit") == _unit_word(unit or ""):
        # `中医类别执业（助理）医师612人，每千常住人口0.53人`: the rate of what was just counted
        metric_text = re.sub(r"\s", "", metric_text) + _SCOPE_LEAD_RE.sub("", prev_metric)
        metrics = [metric_text] * len(group)
    if metric_text and not distributive and (sh := _SCOPE_HAS_RE.match(metric_text)):
        metric_text = sh.group(1) + metric_text[sh.end() :]  # `全市有中医类医院9家` → 全市中医类医院
        metrics = [metric_text] * len(group)
    if not metric_text and prev_metric:
        # `今年提高到45%,明年达到50%`: an elliptical second figure keeps the metric
        metrics = [prev_metric] * len(group)
    elif metric_text and prev_metric and not distributive and not quant and _SUBJECT_HEAD_RE.fullmatch(metric_text) \
            and not _MEASURE_END_RE.search(metric_text):
        # `城镇职工政策范围内住院报销比例稳定在80%左右,城乡居民提高至70%`: a new subject for the
        # previous measure (城乡居民政策范围内住院报销比例); also a counted staff or object in the
        # same unit (`三级医院临床药师不少于5名,二级医院不少于3名`: 二级医院临床药师)
        pm = _SUBJECT_HEAD_RE.match(prev_metric)
        prev_unit = (info or {}).get("prev_unit")
        same_unit = prev_unit is not None and prev_unit == _unit_word(unit or "")
        if pm and pm.end() < len(prev_metric) and (_MEASURE_END_RE.search(prev_metric) or same_unit):
            metrics = [metric_text + prev_metric[pm.end() :]] * len(group)
    if metrics and _PER_CAPITA_ONLY_RE.fullmatch(re.sub(r"\s", "", metrics[0] or "")):
        # `居民医保人均财政补助标准提高30元,达到每人每年不低于640元`: a per-capita amount with no measure
        # of its own is the sentence subject's (the figure before it may be an excluded entitlement)
        lo = _sentence_start(norm, seg_lo)
        sub = _CHANGE_SUBJECT_RE.match(norm, lo)
        if sub:
            a = _trim_metric(text, norm, lo, sub.end("s"), tlist)
            if a[1] - a[0] >= 4:
                metrics = [text[a[0] : a[1]]] * len(group)
    sm = _SHARE_BASE_RE.search(norm, seg_lo, first.start) if last.unit_class == "pct" and not distributive else None
    if sm and metrics and metrics[0]:
        m0, b = re.sub(r"\s", "", metrics[0]), re.sub(r"\s", "", text[sm.start("b") : sm.end("b")])
        if re.sub(r"\s", "", text[sm.start("a") : sm.end("a")]).endswith(m0):
            m0 = m0 + "占" + b  # only the subject was kept
        if m0.endswith("占" + b):
            # `社会办医疗机构床位占全市床位总数的30%左右`: the measure is the share, …占…的比例
            metrics = [m0 + "的比例"] * len(group)
    am = _ACTION_SHARE_RE.match(norm, last.end) if last.unit_class == "pct" and not distributive else None
    if am and metrics and metrics[0] == text[am.start(1) : am.end(1)]:
        # `对开展放射诊疗的医疗机构按不低于30%的比例抽查`: the share of the action on its object
        # (开展放射诊疗的医疗机构抽查比例), not the bare verb
        om = _OBJECT_BY_RE.search(norm, seg_lo, first.start)
        obj = text[om.start(1) : om.end(1)] if om else ""
        act = re.sub(r"^(?:给予|进行|开展|实施)(?=[\u4e00-\u9fff]{2})", "", metrics[0])
        metrics = [obj + act + "比例"] * len(group)
    reach = cues.get("reach", ())
    out = []
    for i, f in enumerate(group):
        u = f.unit or unit
        if f.ratio:
            u = "比"
        if distributive:
            c = _comparator(f, pre, post)
            if comp_hint in ("increase", "decrease") and c not in ("range", "~"):
                c = comp_hint
        else:
            c = _comparator(f, f.pre, f.post)
            if comp_hint in ("increase", "decrease") and c in ("=", ">=") and not f.pre:
                c = comp_hint
            elif comp_hint in (">=", "<=") and c == "=":
                c = comp_hint
        if f.sep == "range" and f.value_max is not None:
            c = "range"
        if kind == "actual" and c in (">=", "<=") and (f.pre or pre) in reach and not lex.post.get(f.post or post) and not f.approx:
            c = "="  # `2020年,居民健康素养水平达19.85%`: a reached figure is stated exactly
        s, e = spans[i]
        out.append(
            Target(
                text=text[s:e],
                start=s,
                end=e,
                metric=(metrics[i] or None),
                comparator=c,
                value=f.value,
                value_max=f.value_max,
                unit=u,
                kind=kind,
                year=year,
            )
        )
    return out


# a metric that is only a comparator verb and the basis of a per-capita amount (`达到每人`)
_PER_CAPITA_ONLY_RE = re.compile(r"(?:达到|提高到|提高至|增加到|调整为|调整到|为)?(?:每人次|每人|人均|每年|每月)*")
_CHANGE_SUBJECT_RE = re.compile(r"(?:(?:19|20)\d{2}\s?年(?:起|度)?[,]?)?(?P<s>[^,;。\d]{2,30}?)(?:同步|相应|再|要|应)?(?:提高|增加|新增|达到|调整为|调整到|提升)")
_SHARE_BASE_RE = re.compile(r"(?P<a>[^,;。占]{2,40}?)占(?P<b>[^,;。占的]{2,30})的\s?(?:要|应|力争|均|原则上)?\s?$")
_ACTION_SHARE_RE = re.compile(r"的比例([\u4e00-\u9fff]{1,6}?)(?=[,;。]|$)")
_OBJECT_BY_RE = re.compile(r"对([^,;。按]{2,30}?)按照?[^,;。]{0,4}$")
_IN_SCOPE_RE = re.compile(r"^在(?=[^,;。]{1,12}?中[\u4e00-\u9fff]{2})")
_UNIT_BASIS_RE = re.compile(r"以[^,;。]{1,8}为(?:单位|口径|基数)$")
# a bound written into a rule (`人员编制按照每万人口不低于1.75人核定`): the verb after the figure, and the
# subject before 按 that the rule sets
_RULE_VERB_AFTER_RE = re.compile(r"\s?的?\s?(?:标准|比例|进度|幅度)?\s?(?P<v>核定|配备|配置|确定|设置|支付|分担|拨付)")
_RULE_SUBJECT_RE = re.compile(r"(?P<s>[^,;。:按由对从在]{2,30}?)(?:统一|原则上|一律|均|可以|可|应当|应|要|须)*按照?[^,;。按]{0,24}$")
_PAID_VERBS = ("支付", "分担", "拨付")  # 医保基金按…支付 → 医保基金支付: the subject alone is no measure


def _ruled_measure(text: str, norm: str, seg_lo: int, first: _Fig, last: _Fig, tlist: list[_Time]) -> str | None:
    """The measure a rule bounds: `县疾控中心人员编制按照常住人口万分之1.75的标准核定` → 县疾控中心人员编制,
    `医保基金按每人每年不超过20元支付` → 医保基金支付, `按照服务人口1‰左右的比例核定乡镇卫生院人员编制` →
    乡镇卫生院人员编制 (no subject: the verb's object). None when the figure is not set by such a rule."""
    vm = _RULE_VERB_AFTER_RE.match(norm, last.end)
    if not vm or first.ratio:  # `按照执法人员与辖区常住人口1:10000的比例配备`: a ratio names its two terms
        return None
    verb = vm.group("v")
    lo = _sentence_start(norm, first.start)
    sm = _RULE_SUBJECT_RE.search(norm, max(lo, seg_lo if norm[seg_lo - 1 : seg_lo] not in ("、",) else lo), first.start)
    if sm is not None:
        s_lo, s_hi = _trim_metric(text, norm, sm.start("s"), sm.end("s"), tlist)
        subj = _ITEM_MARK_RE.sub("", re.sub(r"\s", "", text[s_lo:s_hi]))
        subj = re.sub(r"^(?:其中|同时|并且?|对于?|另外)", "", subj)
        if re.search(r"[0-9%]", subj):
            return None
        if len(subj) >= 2:
            return subj + verb if verb in _PAID_VERBS else subj
    if not re.search(r"按照?[^,;。按]{0,24}$", norm[lo : first.start]):
        return None
    o_lo, o_hi = _trim_metric(text, norm, vm.end(), _phrase_end(norm, vm.end()), [])
    obj = re.sub(r"\s", "", text[o_lo:o_hi])
    return obj if 2 <= len(obj) <= 24 and verb not in _PAID_VERBS else None


_STANDARD_TAIL_RE = re.compile(r"(?:的)?标准(?:落实|执行|核定|发放|拨付|补助|给予)?")
_BY_SUBJECT_RE = re.compile(r"(?P<s>[^,;。按]{2,24})按(?:照)?[^,;。按]{0,12}$")
# light verbs before a counted object (`组织…培训`, `设置负压病房`), with whoever does it
_LIGHT_VERB_RE = re.compile(r"^[^,;。的]{0,12}?(?:组织|完成|设置|设立|配备|召开)(?![的了])(?=[\u4e00-\u9fff]{2})")
# a change written with an increment verb moves a standard too (`人均财政补助标准在上年基础上新增35元`)
_STANDARD_CHANGE_RE = re.compile(r"(?:新增|增加|上调|下调|调增|调减)")
_CHANGE_PRE_RE = re.compile(r"(?:降至|降低至|降低到|下降至|下降到|降到|降低|提高到|提高至|提高)")
# `A比B高出N个百分点`: a measure compared with a base
_THAN_RE = re.compile(r"^(?P<m>[^,;。]{2,30}?)比(?![例率重值])[^,;。\d]{1,12}?(?P<v>高出|高|多出|多|提高|增加|低出|低|少|减少|降低)$")
# a task's verb: an item before the measure that states a task of its own (`全部取消药品加成`)
_TASK_VERB_RE = re.compile(r"取消|实现|完成|建立|建成|实行|推行|启动|开通|设立|组建|纳入|覆盖")
# funding verbs before a budgeted fund (`每年安排…专项资金`)
_FUND_VERB_RE = re.compile(r"(?:安排|投入|拨付|筹集|落实|设立)(?=[\u4e00-\u9fff])")
# population nouns and measure heads: where the head shared by a list of modifiers begins
_POPULATION_RE = re.compile(r"(?:患者|人群|儿童|婴儿|新生儿|居民|人口|孕产妇|产妇|老年人|妇女|学生|职工)")
_POPULATION_END_RE = re.compile(_POPULATION_RE.pattern + "$")
_MEASURE_HEAD_RE = re.compile(
    r"(?:死亡|发病|患病|感染|接种|筛查|规范|管理|覆盖|控制|治疗|检出|知晓|签约|就诊|住院|门诊|报销|支付|参保|医保|使用|占比|比例|人数)"
)


def _shared_tail(mods: list[str], last: str) -> str:
    """The head the modifiers before ``last`` share with it: `高血压` + `糖尿病患者规范管理率` →
    `患者规范管理率`; `孕产妇` + `婴儿死亡率` → `死亡率` (a modifier that is itself a population does not
    take the population of the last part). Empty when no head can be found."""
    for n in (3, 2):
        # `职工医保` + `城乡居民医保政策范围内…支付比例`: the modifiers end with a word the last part
        # has too, and the head is what follows that word there (`政策范围内…支付比例`)
        ends = {m[-n:] for m in mods if len(m) > n}
        if len(ends) == 1 and len(ends) == len({m[-n:] for m in mods}):
            w = ends.pop()
            k = last.find(w)
            if 0 < k and len(last) - (k + n) >= 2 and _MEASURE_END_RE.search(last):
                return last[k + n :]
    pop = all(_POPULATION_END_RE.search(m) for m in mods)
    if pop:
        # `65岁以上老年人` + `0—36个月儿童中医药健康管理率`: populations share what follows the last one's
        pm = None
        for pm in _POPULATION_RE.finditer(last):
            pass
        if pm is not None and len(last) - pm.end() >= 2 and _MEASURE_END_RE.search(last):
            return last[pm.end() :]
    for k in range(1, len(last) - 1):
        t = last[k:]
        if _MEASURE_HEAD_RE.match(t) or (not pop and _POPULATION_RE.match(t)):
            return t
    return ""


def _split_top(s: str) -> list[str]:
    """Split a metric list on 、/和/及/与 outside brackets."""
    parts: list[str] = []
    depth = 0
    cur = 0
    i = 0
    while i < len(s):
        c = s[i]
        if c in "(（":
            depth += 1
        elif c in ")）":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = _SPLIT_LIST_RE.match(s, i)
            if m:
                parts.append(s[cur:i].strip())
                i = m.end()
                cur = i
                continue
        i += 1
    parts.append(s[cur:].strip())
    return parts


_PHRASE_BREAK_RE = re.compile(r"[,;。!?:\n]")
_CYCLE_WORD_RE = re.compile(r"(?:当|上一?|本|同)年度?")
# `上年度实际使用量的80%`: the cycle word belongs to the base the share is taken of
_BASE_OF_SHARE_RE = re.compile(r"[^,;。!?:\n\d]{1,20}的\s?(?:\d|[一二三四五六七八九十百]+(?:%|倍|成))")


def _is_cycle_word(norm: str, t: _Time) -> bool:
    return t.type != "recurring" and bool(_CYCLE_WORD_RE.fullmatch(norm[t.start : t.end]))


def _accounting_period(norm: str, t: _Time, tlist: list[_Time]) -> bool:
    """A cycle word (`当年`, `上年度`, `本年度`) inside the base of a share
    (`不低于上年度实际使用量的80%`): the period the base is taken over, not the figure's year."""
    return _is_cycle_word(norm, t) and bool(_BASE_OF_SHARE_RE.match(norm, t.end))


def _year_for(
    pos: int, seg_lo: int, tlist: list[_Time], section_year: int | None, norm: str | None = None
) -> tuple[int | None, str | None, int | None]:
    """Year, type and end of the time expression nearest before ``pos``.

    A cycle word (`当年`, `上年度`) counts only inside the figure's own phrase: in an earlier
    phrase it names an accounting period (`医保基金当年收支平衡,…报销比例稳定在70%左右`,
    `根据上年度实际使用量…,报送量不低于…`), not the figure's year."""
    best = None
    for t in tlist:
        if t.type == "recurring":
            continue
        if t.end <= pos:
            if norm is not None and _is_cycle_word(norm, t) and _PHRASE_BREAK_RE.search(norm, t.end, pos):
                continue
            best = t
    if best is not None and best.year is not None:
        return best.year, best.type, best.end
    if best is not None:
        return section_year, best.type, best.end
    return section_year, None, None


_CUE_EXEMPT_RE = re.compile(
    r"预期寿命|计划生育|计划免疫|目标人群|主要|重要|需要|必要|首要|应急|应用|相应|对应|供应|适应|已婚|现有床位"
)

# `已标注互认标识的检查检验项目`: an actual cue in a relative clause modifying the next noun
_DONE_MODIFIER_RE = re.compile(r"已(?:经)?[^,;。!?\n的\d%]{1,12}的(?=[\u4e00-\u9fff])")


def _kind(
    norm: str, f: _Fig, seg_lo: int, year: int | None, time_type: str | None, doc_year: int | None, review: bool,
    prev_kind: str | None = None,
) -> str:
    cues = _lex().cues
    if year is not None and doc_year is not None and time_type != "inside":
        if year < doc_year:
            return "actual"
        if year > doc_year:
            return "target"
    # a cue word inside a noun (`人均预期寿命`, `主要健康指标`) says nothing about the kind
    # so does one inside a relative clause before a noun (`已标注互认标识的检查检验项目…的频次`)
    seg = _CUE_EXEMPT_RE.sub("#", _DONE_MODIFIER_RE.sub("#", norm[seg_lo : f.start] + f.pre))
    sent = _CUE_EXEMPT_RE.sub("#", _DONE_MODIFIER_RE.sub("#", norm[_sentence_start(norm, f.start) : f.start] + f.pre))
    for w in cues.get("actual", ()):
        if w in seg:
            return "actual"
    for w in cues.get("goal", ()):
        if w in seg:
            return "target"
    if time_type in ("deadline",):
        return "target"
    for w in cues.get("actual_context", ()):
        if w in sent:
            return "actual"
    for w in cues.get("goal", ()):
        if w in sent:
            return "target"
    if time_type == "date" and not (year is not None and year == doc_year and not review):
        return "actual"  # (`2023年,…达到60%` in a 2023 work plan is the year's goal)
    if prev_kind:
        return prev_kind  # `共有公立医院32家,其中三级医院5家`: one statement, one kind
    if review:
        return "actual"
    return "target"


# ---------------------------------------------------------------------------
# Sections


_GOAL_YEAR_RE = re.compile(r"(?:到|至|截至)\s?((?:19|20)\d{2})\s?年")


def year_from_path(path: list[str]) -> int | None:
    """The year a section's figures belong to, from its headings (innermost first).

    >>> year_from_path(["二、总体要求", "1.“十四五”时期目标"])
    2025
    >>> year_from_path(["(三)发展目标", "到2025年,主要指标"])
    2025
    >>> year_from_path(["一、总体要求"]) is None
    True
    """
    if not path:
        return None
    for heading in reversed(path):
        if not isinstance(heading, str):
            continue
        norm = heading.translate(_NORMALIZE)
        m = _GOAL_YEAR_RE.search(norm)
        if m:
            return int(m.group(1))
        y = _year_in_text(norm)
        if y is not None:
            return y
    return None


def is_review_section(path: list[str] | None) -> bool:
    """True when a heading says the section reviews achievements (`“十三五”工作基础`)."""
    if not path:
        return False
    words = _lex().cues.get("review", ())
    for heading in path[-2:]:
        if isinstance(heading, str) and any(w in heading for w in words) and not _TASK_HEADING_RE.search(heading):
            return True
    return False


def _is_problem_section(path: list[str]) -> bool:
    """A section on the problems found or standing (`一、检查发现的主要问题`, `（二）存在的问题`): its figures
    describe what is, reported, not goals."""
    return any(isinstance(h, str) and _PROBLEM_HEADING_RE.search(h) for h in path[-2:])


_PROBLEM_HEADING_RE = re.compile(r"(?:发现|存在)的?(?:主要|突出)?问题|^[一二三四五六七八九十（(]+[、)）]?\s*(?:主要|突出)问题")


# a heading that sets a task (`进一步夯实事业发展基础`, `巩固改革成效`) does not review achievements
_TASK_HEADING_RE = re.compile(r"夯实|筑牢|打牢|巩固|加强|强化|推进|推动|提升|深化|加快|健全|完善|进一步|扩大")


# ---------------------------------------------------------------------------
# Indicator tables

_NATURE_RE = re.compile(r"^(?:预期性|约束性|指导性|预期|约束|监测性)$")
_SERIAL_RE = re.compile(r"^\s*\d{1,3}\s*$")
_HEADER_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s?年?")
_BASE_HEAD_RE = re.compile(r"基期|基线|现状|基数|基础|完成|实际")
_UNIT_IN_NAME_RE = re.compile(r"[(]([^()]{1,8})[)]\s*$")
_CELL_VALUE_RE = re.compile(
    r"^(?P<star>\*)?\s?(?P<pre>≥|≤|>|<|不低于|不高于|不超过|不少于|约)?\s?(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>%|‰|/10万|级)?\s?(?P<post>左右|以上|以下|以内)?$"
)
_GOAL_VALUE_HEADS = ("指标值", "预期值", "标准值", "目标要求值", "考核目标值")
_ITEM_NO_RE = re.compile(r"^\s*(?:\d{1,3}\s*[.．、]|[(（]\d{1,3}[)）])\s*(?=[\u4e00-\u9fff])")
_INDICATOR_HEAD = ("指标", "指标名称", "主要指标", "项目", "指标内容", "名称")


@dataclass
class _Cell:
    start: int
    end: int
    text: str


def _cells(row_text: str) -> list[_Cell]:
    cells = []
    for m in _CELL_RE.finditer(row_text):
        s, e = m.start(), m.end()
        raw = row_text[s:e]
        stripped = raw.strip().strip("\u3000\xa0")
        if not stripped or _PAGE_LINE_RE.fullmatch(stripped):
            continue  # (a page line a PDF copy put inside a row, `— 3 —`, is no cell)
        ls = s + (len(raw) - len(raw.lstrip(" \u3000\xa0")))
        cells.append(_Cell(ls, ls + len(stripped), stripped))
    return cells


# header cells a PDF wrapped over two lines: `2025年` / `基线值`, `指标` / `性质`
_HEADER_YEAR_ONLY_RE = re.compile(r"^(?:19|20)\d{2}\s?年(?:底|末)?$")
_HEADER_LABEL_RE = re.compile(r"^(?:基线值?|基期值?|现状值?|目标值?|预期值?|实际值|完成值|规划值|期末值)$")


def _join_header(cells: list[str]) -> list[str]:
    """Header cells with the halves of a wrapped cell joined (`2025年` + `基线值` → `2025年基线值`)."""
    out: list[str] = []
    for c in cells:
        n = c.translate(_NORMALIZE).strip()
        if out:
            prev = out[-1].translate(_NORMALIZE).strip()
            if (_HEADER_YEAR_ONLY_RE.match(prev) and _HEADER_LABEL_RE.match(n)) or (prev == "指标" and n in ("性质", "属性", "类型")):
                out[-1] = out[-1] + c
                continue
        out.append(c)
    return out


_LETTER_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


def table_header(row_text: str) -> list[str] | None:
    """The header cells if ``row_text`` is an indicator table's header row, else None.

    A header names the indicator column (``指标``) and at least one year-like column.

    >>> table_header("类别\\n\\n序号\\n\\n指标\\n\\n2020年\\n\\n2025年\\n\\n性质")
    ['类别', '序号', '指标', '2020年', '2025年', '性质']
    """
    cells = _join_header([c.text for c in _cells(row_text or "")])
    if not cells:
        return None
    cells = [_LETTER_GAP_RE.sub("", c) for c in cells]  # `指    标` printed letter-spaced across its column
    norm = [c.translate(_NORMALIZE) for c in cells]
    has_ind = any(c in _INDICATOR_HEAD or c.startswith("指标") or c.endswith("级指标") or _NAMED_INDICATOR_HEAD_RE.fullmatch(c)
                  for c in norm)
    years = [c for c in norm if _HEADER_YEAR_RE.search(c) and len(c) <= 14 or _BASE_HEAD_RE.search(c) and len(c) <= 8
             or c in ("目标值", "目标") or c in _GOAL_VALUE_HEADS]
    if has_ind and years:
        return cells
    return None


# `监测指标`, `主要指标名称`: an indicator column named by its kind
_NAMED_INDICATOR_HEAD_RE = re.compile(r"(?:监测|评价|核心|关键|绩效|质控)指标(?:名称|内容)?")
# a header's first column naming the group a row belongs to, printed on the group's first row only
_GROUP_HEAD_RE = re.compile(r"(?:类别|领域|分类|类型|一级指标|(?:评价|考核|考评|绩效)?维度)(?:[(（][^)）]{1,6}[)）])?")
_SCORE_HEADS = frozenset({"分值", "权重", "满分", "标准分", "分数", "赋分", "权重分"})
_SCORE_CELL_RE = re.compile(r"\d{1,3}(?:\.\d{1,2})?(?:分)?")


def _value_columns(header: list[str] | None, doc_year: int | None = None) -> list[tuple[int | None, str]]:
    """(year, kind) for each value column of a header, in order."""
    if not header:
        return [(None, "actual"), (None, "target")]
    cols: list[tuple[int | None, str]] = []
    for h in header:
        n = h.translate(_NORMALIZE).strip()
        m = _HEADER_YEAR_RE.search(n)
        if _NATURE_RE.match(n) or n in _INDICATOR_HEAD or n in ("类别", "序号", "性质", "属性", "单位", "指标属性", "领域") \
                or _DUE_HEAD_RE.fullmatch(n.replace(" ", "")) or _DUTY_HEAD_RE.search(n.replace(" ", "")):
            continue  # (who is responsible, and by when: no value column)
        if _PREV_PERIOD_HEAD_RE.match(n):
            cols.append((None, "previous"))  # `去年同期`: last year's figure for the same period
            continue
        if _CHANGE_HEAD_RE.match(n):
            cols.append((None, "change"))  # `同比增减`: the change on it (`+6.8%`, `-0.27个千分点`)
            continue
        if n in _GOAL_VALUE_HEADS:
            cols.append((None, "target"))  # `指标值`: the value the indicator is to reach
            continue
        if m or _BASE_HEAD_RE.search(n) or "目标" in n:
            year = int(m.group(1)) if m else None
            if _BASE_HEAD_RE.search(n) or _PART_OF_YEAR_HEAD_RE.search(n):
                kind = "actual"  # (`2025年1—6月`, `2025年上半年`: what was done so far in the year)
            elif "目标" in n or "预期" in n:
                kind = "target"
            else:
                kind = ""
            cols.append((year, kind))
    if not cols:
        return [(None, "actual"), (None, "target")]
    # undecided columns: the last is the target, earlier ones actual (base year)
    years = [y for y, _ in cols if y is not None]
    latest = max(years) if years else None
    if any(k in ("previous", "change") for _, k in cols):
        latest = latest or doc_year  # (`年度目标/上半年完成/去年同期/同比增减` in a report on the document's year)
        # a progress table (`2025年目标/上半年完成/去年同期/同比增减`): what was done is of the goal's year,
        # the same period of the year before is of the year before, the change is of the goal's year
        return [(latest - 1 if k == "previous" and latest else (y if y is not None else latest),
                 k if k in ("previous", "change") else (k or "actual")) for y, k in cols]
    out = []
    for i, (y, k) in enumerate(cols):
        if not k:
            if len(cols) == 1:
                k = "target"
            elif y is not None and latest is not None:
                k = "target" if (y == latest or i > 0) else "actual"
            else:
                k = "target" if i == len(cols) - 1 else "actual"
        out.append((y, k))
    return out


_PART_OF_YEAR_HEAD_RE = re.compile(r"年\s*(?:1\s*[-—–~至]\s*\d{1,2}\s*月|上半年|前三季度|第?[一二三四]季度)")
_PREV_PERIOD_HEAD_RE = re.compile(r"^(?:去年|上年|上一年)同期(?:值|数|完成)?$")
_CHANGE_HEAD_RE = re.compile(r"^(?:同比|环比)(?:增减|增长|变化|变动|增幅)?(?:幅度|率|百分点)?(?:\(%\))?$|^增减(?:幅度|率|量|情况)?$")
# a change cell: a sign or a word of change (`+6.8%`, `增长6.2%`, `缩短0.4天`), then the change in its own unit
_SIGNED_RE = re.compile(r"^\s*([+\-－−＋])\s*(\d)")
_RISE_WORDS = frozenset({"增长", "提高", "上升", "增加", "提升"})  # the change words of a rise; the others fall
_CHANGE_WORD_RE = re.compile(r"^\s*(增长|提高|上升|增加|提升|下降|降低|减少|缩短|回落)\s*\d")
_CHANGE_VALUE_RE = re.compile(r"\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|‰|个百分点|个千分点|百分点|[\u4e00-\u9fff]{1,3})?\s*$")
_CELL_NUM_RE = re.compile(r"\d+(?:\.\d+)?")
_CELL_RATIO_RE = re.compile(r"^\s*([≥≤<>]|不低于|不高于|不超过|不少于)?\s*(\d+(?:\.\d+)?)\s?:\s?(\d+(?:\.\d+)?)\s*(以上|以下|以内|左右)?\s*$")
_PAGE_LINE_RE = re.compile(PAGE_MARK)


def _cell_figure(cell: str, norm: str) -> tuple[int, int, str, float] | None:
    """A unitless number in a table cell with its comparator words (`稳定在95以上`)."""
    lex = _lex()
    m = _CELL_NUM_RE.search(norm)
    if not m:
        return None
    s, e = m.start(), m.end()
    pre = ""
    pm = lex.pre_tail_re.search(norm[:s])
    if pm:
        pre = pm.group(0).strip()
        s = pm.start()
    post = ""
    for w in sorted(lex.post, key=len, reverse=True):
        if norm.startswith(w, e):
            post = w
            e += len(w)
            break
    f = _Fig(s, e, m.start(), m.end(), pre, post, float(m.group(0)), None, None, None, False, False, None)
    return s, e, _comparator(f, pre, post), float(m.group(0))


def _indicator_name(name: str) -> tuple[str, str | None]:
    """The metric and unit of an indicator's name (`孕产妇死亡率(/10万)` → `孕产妇死亡率`, `/10万`)."""
    numbered = _ITEM_NO_RE.match(name)
    if numbered:
        name = name[numbered.end() :]  # `6.处方合格率`: the item's number is no part of the indicator
    um = _UNIT_IN_NAME_RE.search(name.translate(_NORMALIZE))
    name_unit = um.group(1).strip() if um else None
    if name_unit and re.search(r"[,，、]", name_unit):
        # `培训人次（累计，人次）`: a note and the unit in one bracket
        parts = [x.strip() for x in re.split(r"[,，、]", name_unit)]
        name_unit = next((x for x in parts if x.startswith("/") or _base_unit(x) in _lex().units), name_unit)
    metric = name
    descriptor = bool(um) and len(um.group(1).strip()) <= 4 and not um.group(1).strip().startswith(("含", "不含", "包括", "其中"))
    if name_unit and not (name_unit.startswith("/") or _base_unit(name_unit) in _lex().units):
        name_unit = None  # `(含大病保险)`, `(种类)` are not a unit
    if um and (name_unit is not None or descriptor):
        metric = name[: um.start()].rstrip()  # `(%)`, `(种类)`: the unit column, not the name
    if metric.startswith("其中:") or metric.startswith("其中："):
        metric = metric[3:]
    metric = metric.rstrip("*＊※△▲")  # a note's marker (`孕产妇死亡率*`: 带“*”的为约束性指标)
    return metric, name_unit


def extract_table_targets(
    row_text: str, header: list[str] | None = None, *, path: list[str] | None = None, doc_year: int | None = None
) -> list[Target]:
    """Figures of one indicator-table row laid out one cell per line.

    ``header`` is the header row's cells (e.g. ``类别/序号/指标/2020年/2025年/性质``);
    without it the first value column is taken as the actual figure and the last as the
    target. The metric is the indicator cell, the unit its parenthesised unit
    (``(岁)``, ``(/10万)``, ``(%)``) unless the value cell writes its own; ``78.6左右`` is
    ``~``, ``≤15`` is ``<=``, ``增长30%`` is ``increase``. Values marked ``*`` (an earlier
    plan's target value, per the usual table note) are ``target``. A row with a single
    value cell gives it to the target column. A header row itself yields nothing.
    Without a header, ``path`` (the row's headings, e.g. ``“十四五”时期目标``) gives the
    target column its year. ``doc_year`` (the year a report is about) dates a progress table whose header
    names no year (``年度目标/上半年完成/去年同期/同比增减``).

    >>> row = "2\\n\\n孕产妇死亡率(/10万)\\n\\n*18\\n\\n12\\n\\n预期性"
    >>> [(t.text, t.value, t.unit, t.kind, t.year) for t in extract_table_targets(row, ["类别", "序号", "指标", "2020年", "2025年", "性质"])]
    [('18', 18.0, '/10万', 'target', 2020), ('12', 12.0, '/10万', 'target', 2025)]
    """
    if not row_text or not isinstance(row_text, str):
        return []
    if table_header(row_text):
        return []
    cells = _cells(row_text)
    if not cells:
        return []
    norm_cells = [c.text.translate(_NORMALIZE) for c in cells]
    # indicator cell: the first cell with CJK text that is not a nature/category label
    # followed by values; serial numbers and category cells come before it.
    ind_idx = None
    if header and len(header) == len(cells) + 1 and _GROUP_HEAD_RE.fullmatch(header[0].translate(_NORMALIZE).replace(" ", "")):
        header = header[1:]  # a row under its group's first row: the category cell printed once for the group
    heads = [h.translate(_NORMALIZE).replace(" ", "") for h in header] if header else []
    # the indicator columns of the header (`一级指标/二级指标/…`, `指标名称`)
    named = [j for j, h in enumerate(heads) if (h in _INDICATOR_HEAD or h.endswith("级指标") or h.startswith("指标名称")
                                                  or _NAMED_INDICATOR_HEAD_RE.fullmatch(h))]
    if header and len(header) == len(cells):
        # `一级指标/二级指标/指标性质/2019年基线/2020年目标`: the indicator is in the last indicator column
        if named and len(named) + (1 if any(h.startswith("指标") and h not in _INDICATOR_HEAD for h in heads) else 0) >= 1 \
                and _CJK_RE.search(norm_cells[named[-1]]) and (any(h.endswith("级指标") for h in heads)
                                                               or heads[named[-1]].startswith("指标名称")):
            # (`序号/服务项目/指标名称/目标值/考核方式`: the 指标名称 column, not the first text cell)
            ind_idx = named[-1]
        elif heads[0] in ("类别", "领域", "分类", "类型") and "指标" in heads and _CJK_RE.search(norm_cells[heads.index("指标")]) \
                and _CJK_RE.search(norm_cells[0]) and not _DIGIT_RE.search(norm_cells[0]) and len(norm_cells[0].strip()) <= 8:
            # `类别/指标/2020年/2025年/性质`, the row that prints its group's category: the 指标 column
            ind_idx = heads.index("指标")
        elif named and named[-1] > 0 and _GROUP_HEAD_RE.fullmatch(heads[0]) and _CJK_RE.search(norm_cells[named[-1]]) \
                and _CJK_RE.search(norm_cells[0]) and not _SERIAL_RE.match(norm_cells[0]):
            # `评价维度/评价指标/目标值/分值`, the row that prints its group (`一、资源整合…（15分）`): the 评价指标 column
            ind_idx = named[-1]
    for i, c in enumerate(norm_cells):
        if ind_idx is not None:
            break
        if _SERIAL_RE.match(c) or _NATURE_RE.match(c):
            continue
        if _CJK_RE.search(c) and not _CELL_VALUE_RE.match(c):
            # a category cell (short, and the next non-serial cell is also text) is skipped
            rest = [x for x in norm_cells[i + 1 :] if not _SERIAL_RE.match(x)]
            if rest and _CJK_RE.search(rest[0]) and not _CELL_VALUE_RE.match(rest[0]) and len(c) <= 6 and not _UNIT_IN_NAME_RE.search(c) and i + 1 < len(norm_cells) and _SERIAL_RE.match(norm_cells[i + 1]):
                continue
            ind_idx = i
            break
    if ind_idx is None:
        return []
    if header and len(cells) > len(header) and ind_idx + 2 < len(cells):
        # the indicator's name wrapped over two lines (`医疗服务收入占医疗收入` / `比例`): one more cell
        # than the header has, the extra one a piece of text right after the name
        nxt = norm_cells[ind_idx + 1]
        if _CJK_RE.search(nxt) and not _DIGIT_RE.search(nxt) and not _NATURE_RE.match(nxt) \
                and (not _unit_column_follows(header) or _UNIT_CELL_RE.match(norm_cells[ind_idx + 2].replace(" ", ""))):
            a, b = cells[ind_idx], cells[ind_idx + 1]
            cells[ind_idx : ind_idx + 2] = [_Cell(a.start, b.end, a.text + b.text)]
            norm_cells[ind_idx : ind_idx + 2] = [a.text.translate(_NORMALIZE) + nxt]
    metric, name_unit = _indicator_name(cells[ind_idx].text)
    first_value = ind_idx + 1
    if first_value < len(cells) and _NATURE_RE.match(norm_cells[first_value]) and first_value + 1 < len(cells) \
            and _DIGIT_RE.search(norm_cells[first_value + 1]):
        first_value += 1  # `…/指标性质/2019年基线/2020年目标`: the nature column before the values
    if named and named[-1] + 1 < len(heads) and heads[named[-1] + 1] in _SCORE_HEADS and first_value < len(cells) \
            and _SCORE_CELL_RE.fullmatch(norm_cells[first_value].strip()):
        first_value += 1  # `二级指标/分值/目标值/2022年基数`: the score the indicator carries in an assessment is no value of it
    stop = next((i for i in range(first_value, len(cells)) if _NATURE_RE.match(norm_cells[i])), len(cells))
    if _unit_column_follows(header) and first_value < stop and norm_cells[first_value].strip() in ("—", "——", "-", "--", "－", "/"):
        first_value += 1  # an empty 单位 cell (`医护比` / `—` / `1:1.16`): no unit
    elif _unit_column_follows(header) and first_value < stop and _UNIT_CELL_RE.match(norm_cells[first_value].replace(" ", "")):
        # a 单位 column after the indicator (`指标名称/单位/2022年/2025年`): `%`, `张`, `1/10万`
        name_unit = _unit_cell(norm_cells[first_value])
        first_value += 1
    values = list(range(first_value, stop))  # cells after the nature column belong to the next group
    vcells = [cells[i] for i in values]
    tail = list(header or [])
    while tail and vcells and _no_value_column(tail[-1], vcells[-1].text):
        vcells.pop()  # (and no value column)
        tail.pop()
    cols = _value_columns(tail if header else header, doc_year)
    if path and (not header or all(yy is None for yy, _ in cols)):
        # (a header naming no year, `评价指标/目标值/分值`: the table's caption or heading dates its targets,
        # `附表：…2025年度…评分表`)
        y = year_from_path(path)
        if y is not None:
            cols = [(yy if k != "target" else y, k) for yy, k in cols]
    # merge cells split over lines (`待省里` / `公布`, `力争每年降` / `0.5个百分点以上`)
    while len(vcells) > len(cols) and len(vcells) > 1:
        k = next((j for j, c in enumerate(vcells) if not _DIGIT_RE.search(c.text)), None)
        if k is None:
            break
        if k + 1 < len(vcells):
            a, b = vcells[k], vcells[k + 1]
            vcells[k : k + 2] = [_Cell(a.start, b.end, row_text[a.start : b.end])]
        else:
            a, b = vcells[k - 1], vcells[k]
            vcells[k - 1 : k + 1] = [_Cell(a.start, b.end, row_text[a.start : b.end])]
    if len(vcells) < len(cols):
        # missing cells: align to the right (the goal column is the one usually filled)
        cols = cols[len(cols) - len(vcells) :]
    out: list[Target] = []
    for cell, (year, kind) in zip(vcells, cols):
        if kind == "change":
            cnorm = cell.text.translate(_NORMALIZE)
            sign = _SIGNED_RE.match(cnorm)
            word = _CHANGE_WORD_RE.match(cnorm)
            if not sign and not word:
                continue  # `持平`, `—`: no change to report
            if word:  # `增长6.2%`, `缩短0.4天`, `提高2.5个百分点`: the change written in words
                comp = "increase" if word.group(1) in _RISE_WORDS else "decrease"
            else:
                comp = "increase" if sign.group(1) in "+＋" else "decrease"
            skip = word.end(1) if word else sign.end(1)
            own = _CHANGE_VALUE_RE.match(cnorm, skip)
            if own:  # `+6.8%`, `+2.7个百分点`, `-0.27个千分点`: the change in the cell's own unit
                s0 = cell.start + (skip if word else own.start("num"))
                out.append(Target(text=row_text[s0 : cell.end], start=s0, end=cell.end, metric=metric or None, comparator=comp,
                                  value=float(own.group("num")), value_max=None, unit=own.group("unit") or name_unit,
                                  kind="actual", year=year))
                continue
            for t in _value_cell_targets(row_text, cell, metric, name_unit, year, "actual"):
                out.append(replace(t, comparator=comp))
            continue
        out.extend(_value_cell_targets(row_text, cell, metric, name_unit, year, "actual" if kind == "previous" else kind))
    return out


_UNIT_HEAD = ("单位", "计量单位")
# a column naming who is responsible (`责任单位`, `牵头处室`, `配合单位（部门）`)
_DUTY_HEAD_RE = re.compile(r"(?:责任|牵头|配合|负责|主责|协办|参与)(?:单位|部门|处室|科室|股室)")
_REMARK_HEAD_RE = re.compile(r"(?:进度|进展|完成)?(?:评价|情况|状态|评估)|备注|说明")
_DUE_HEAD_RE = re.compile(r"(?:完成|办结|实现)?(?:时限|时间|时间节点|期限)")


def _no_value_column(head: str, cell: str) -> bool:
    """True for a column after an indicator's values that holds none: when (`完成时限`, `2025年12月底`), or, its
    cell holding no figure, who is responsible (`责任单位`, `县农业农村局、县林业局`) and how it goes (`进度评价`, `序时`)."""
    h = head.replace(" ", "")
    return _DUE_HEAD_RE.fullmatch(h) is not None \
        or (_DUTY_HEAD_RE.search(h) is not None or _REMARK_HEAD_RE.fullmatch(h) is not None) and not _DIGIT_RE.search(cell)


# a unit cell: no figure of its own (`%`, `‰`, `张`, `万元`, `岁`), or a per-population base (`1/10万`, `/10万`)
_UNIT_CELL_RE = re.compile(r"^(?:1?/\d*[万千百]|[^\d.≤≥<>~*—\-]{1,8})$")


def _unit_column_follows(header: list[str] | None) -> bool:
    """True when the header has a 单位 column right after its indicator column."""
    if not header:
        return False
    norm = [h.translate(_NORMALIZE).strip() for h in header]
    for i, h in enumerate(norm[:-1]):
        if (h in _INDICATOR_HEAD or h.startswith("指标")) and norm[i + 1] in _UNIT_HEAD:
            return True
    return False


def _unit_cell(cell: str) -> str:
    """The unit as the spec writes it: `1/10万` is `/10万`."""
    u = cell.strip()
    return u[1:] if re.match(r"^1/\d*[万千百]$", u) else u


_CELL_NEGATIVE_RE = re.compile(r"^\s*[-－−]\s*(\d+(?:\.\d+)?)\s?(%|‰|个百分点)?\s*$")
_GROWTH_METRIC_RE = re.compile(r"(?:增幅|增长率|增速|增长|涨幅|变化率|变动率)$")
_CELL_RANGE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s?(%|‰)?\s?[—\-－~～至到]{1,2}\s?(\d+(?:\.\d+)?)\s?(%|‰)?\s*$")
_CELL_COMPS = {"≥": ">=", ">": ">=", "不低于": ">=", "不少于": ">=", "≤": "<=", "<": "<=", "不高于": "<=", "不超过": "<=", "约": "~"}


def _value_cell_targets(
    row_text: str, cell: _Cell, metric: str | None, name_unit: str | None, year: int | None, kind: str
) -> list[Target]:
    """The figures of one value cell of an indicator row (a table cell or one entry of an
    indicator line), measuring the row's indicator ``metric`` with ``name_unit`` unless the
    cell writes its own unit."""
    out: list[Target] = []
    norm = cell.text.translate(_NORMALIZE)
    r = _CELL_RATIO_RE.match(norm)
    if r:
        # `1:1.16`, `14:1`: a ratio, valued by its term that is not 1 (spec §5)
        r1, r2 = float(r.group(2)), float(r.group(3))
        comp = _CELL_COMPS.get(r.group(1) or "", "=")
        post = r.group(4)
        if post and comp == "=":  # `1:1.2以上`
            comp = {"以上": ">=", "左右": "~"}.get(post, "<=")
        return [Target(text=cell.text, start=cell.start, end=cell.end, metric=metric or None, comparator=comp,
                       value=_ratio_value(r1, r2), value_max=None, unit="比", kind=kind, year=year)]
    neg = _CELL_NEGATIVE_RE.match(norm)
    if neg and metric and _GROWTH_METRIC_RE.search(metric):
        # `住院次均费用增幅 | -1.4`: a growth below zero is a fall of that much
        return [Target(text=cell.text, start=cell.start, end=cell.end, metric=metric, comparator="decrease",
                       value=float(neg.group(1)), value_max=None, unit=neg.group(2) or name_unit, kind=kind, year=year)]
    rg = _CELL_RANGE_RE.match(norm)
    if rg and not (all(re.fullmatch(r"(?:19|20)\d{2}", rg.group(k)) for k in (1, 3)) and not (rg.group(2) or rg.group(4))):
        # `2.2—2.5`, `6.6-7.0`, `10%～15%`: a range (spec §3)
        return [Target(text=cell.text, start=cell.start, end=cell.end, metric=metric or None, comparator="range",
                       value=float(rg.group(1)), value_max=float(rg.group(3)), unit=rg.group(2) or rg.group(4) or name_unit,
                       kind=kind, year=year)]
    m = _CELL_VALUE_RE.match(norm)
    if m:
        s = cell.start + (m.start("num") if m.group("star") else 0)
        value = float(m.group("num"))
        comp = _CELL_COMPS.get(m.group("pre") or "", "=")
        post = m.group("post") or ""
        if post == "左右":
            comp = "~"
        elif post == "以上" and comp == "=":
            comp = ">="
        elif post in ("以下", "以内") and comp == "=":
            comp = "<="
        unit = m.group("unit") or name_unit
        k = "target" if m.group("star") else kind
        return [Target(text=row_text[s : cell.end], start=s, end=cell.end, metric=metric or None, comparator=comp, value=value, value_max=None, unit=unit, kind=k, year=year)]
    if not _DIGIT_RE.search(norm):
        return out
    sub = extract_targets(cell.text, times=[])
    if not sub:
        fig = _cell_figure(cell.text, norm)
        if fig is not None:
            s, e, comp, value = fig
            out.append(Target(text=row_text[cell.start + s : cell.start + e], start=cell.start + s, end=cell.start + e, metric=metric or None, comparator=comp, value=value, value_max=None, unit=name_unit, kind=kind, year=year))
        return out
    trims = set(_lex().cues.get("tail_trim", ())) | set(_lex().cues.get("lead_trim", ()))
    for t in sub:
        # the gold convention: a cell's figures measure the row's indicator
        # (`药品达到90%,高值医用耗材达到80%` under 线上采购率); the cell's own words only
        # when the indicator cell has none
        own = t.metric if t.metric and t.metric not in trims and len(t.metric) >= 2 else None
        own = None if metric else own
        u = t.unit if t.unit else name_unit
        # a figure the cell dates itself (`≥88%（2025年≥90%）`): its own year, not the column's
        own_year = _CELL_OWN_YEAR_RE.search(cell.text, max(0, t.start - 10), t.start)
        comp = t.comparator
        change = _CELL_CHANGE_BOUND_RE.search(norm, 0, t.end)
        if change and comp in (">=", "<=", "~") and change.end() >= t.start:
            # `较2024年增长≥15%`, `较上年下降≥2%`: a change of at least that much (the change is what the cell sets)
            comp = "increase" if change.group(1) in _RISE_WORDS else "decrease"
        out.append(
            Target(
                text=t.text,
                start=t.start + cell.start,
                end=t.end + cell.start,
                metric=own or metric or None,
                comparator=comp,
                value=t.value,
                value_max=t.value_max,
                unit=u,
                kind=kind,
                year=int(own_year.group(1)) if own_year else year,
            )
        )
    return out


_CELL_CHANGE_BOUND_RE = re.compile(r"(增长|提高|增加|上升|提升|下降|降低|减少)\s?(?:[≥≤><]|不低于|不少于|不超过|不高于|约)")
_CELL_OWN_YEAR_RE = re.compile(r"(?<![较比与同])((?:19|20)\d{2})\s?年(?:底|末)?\s?(?:达到|为|要|力争)?\s?$")  # (`较2025年提高`: a base)


# ---------------------------------------------------------------------------
# Indicator lists written one indicator per line

# `(2)孕产妇死亡率(/10万):2020年6.8,2025年≤8(预期性)。`: the name, a colon, then year (or
# 基期/目标) entries each holding nothing but a value, optionally the indicator's nature.
_LINE_MARK_RE = re.compile(r"^\s*(?:[(]\s?\d{1,2}\s?[)]|\d{1,2}\s?[.、)](?!\d)|[(]?[一二三四五六七八九十]{1,3}[)、]|[①-⑳])?\s*")
_LINE_NATURE_RE = re.compile(
    r"\s*[,;]?\s*(?:[(\[【]\s*(?:预期性|约束性|指导性|监测性)(?:指标)?\s*[)\]】]|(?:预期性|约束性|指导性|监测性)(?:指标)?)\s*[。;.]?\s*$"
)
_LINE_END_RE = re.compile(r"\s*[。;.]?\s*$")
_LINE_LABEL = r"基期值?|基线值?|基数|现状值?|目标值?|预期值?|规划目标值?|期末值?"
_LINE_ENTRY_RE = re.compile(
    rf"^\s*(?P<label>{_LINE_LABEL})?\s*(?:[(]\s*)?(?:(?P<year>(?:19|20)\d{{2}})\s?年(?:底|末)?)?(?:\s*[)])?\s*(?:值)?\s*[:为]?\s*"
    r"(?P<val>[^\s,;:()。][^,;:()。]*?)\s*$"
)


def _indicator_line(text: str, lo: int, hi: int, section_year: int | None) -> list[Target] | None:
    """The figures of one line ``text[lo:hi]`` written as an indicator with its values, or
    None when the line is not one.

    Each entry gives one figure measuring the indicator (unit from the name's bracket unless
    the value writes its own); kind and year follow the indicator-table conventions
    (`_value_columns`): a 基期/现状 entry is ``actual``, a 目标 entry ``target``, of plain
    years the latest is the target and earlier ones are actual figures.
    """
    line = text[lo:hi]
    norm = line.translate(_NORMALIZE)
    if ":" not in norm or not _DIGIT_RE.search(norm):
        return None
    mark = _LINE_MARK_RE.match(norm)
    a = mark.end() if mark else 0
    nat = _LINE_NATURE_RE.search(norm)
    b = nat.start() if nat and nat.start() > a else _LINE_END_RE.search(norm).start()
    colon = norm.find(":", a, b)
    if colon < 0:
        return None
    name = line[a:colon].strip()
    nname = name.translate(_NORMALIZE)
    if not (2 <= len(nname) <= 40) or not _CJK_RE.search(nname) or any(ch in nname for ch in ",;。!?:"):
        return None
    if _YEAR_RE.search(nname) or _OWN_TIME_RE.match(nname):
        return None  # `到2025年:` introduces prose, not an indicator
    # entries: split the body at `,` `;` `、`
    entries: list[tuple[str, int | None, _Cell]] = []
    for part in re.finditer(r"[^,;、]+", norm[colon + 1 : b]):
        ps, pe = colon + 1 + part.start(), colon + 1 + part.end()
        m = _LINE_ENTRY_RE.match(norm[ps:pe])
        if not m or not (m.group("label") or m.group("year")):
            return None
        vs, ve = ps + m.start("val"), ps + m.end("val")
        val = norm[vs:ve]
        if not _DIGIT_RE.search(val):
            return None
        if not _CELL_VALUE_RE.match(val):
            # a value with its own unit (`80岁左右`, `≥95%`) must be one figure and nothing else
            sub = extract_targets(line[vs:ve], times=[])
            if len(sub) != 1 or sub[0].start != 0 or sub[0].end != ve - vs:
                return None
        label = m.group("label") or ""
        year = int(m.group("year")) if m.group("year") else None
        entries.append((label, year, _Cell(lo + vs, lo + ve, text[lo + vs : lo + ve])))
    if not entries:
        return None
    metric, name_unit = _indicator_name(name)
    if not metric or not _CJK_RE.search(metric):
        return None
    years = [y for _, y, _ in entries if y is not None]
    latest = max(years) if years else None
    out: list[Target] = []
    for i, (label, year, cell) in enumerate(entries):
        if label:
            kind = "actual" if _BASE_HEAD_RE.search(label) else "target"
        elif len(entries) == 1:
            kind = "target"
        else:
            kind = "target" if year == latest else "actual"
        if year is None and kind == "target":
            year = section_year
        out.extend(_value_cell_targets(text, cell, metric, name_unit, year, kind))
    return out or None


def _indicator_lines(text: str, section_year: int | None) -> tuple[list[Target], list[tuple[int, int]]]:
    """Figures of the clause's indicator lines, and the (start, end) of those lines."""
    found: list[Target] = []
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        got = _indicator_line(text, m.start(), m.end(), section_year)
        if got:
            found.extend(got)
            spans.append((m.start(), m.end()))
    return found, spans


# ---------------------------------------------------------------------------
# Tables with one row per place or unit and one column per indicator

_UNIT_TOTAL_RE = re.compile(r"^(?:合计|总计|全部|汇总)$")
_UNIT_GOAL_ROW_RE = re.compile(r"(?:目标|目标值|计划|任务)$")
_UNIT_GOAL_WORDS_RE = re.compile(r"目标|计划|任务|分解|指标值|预期")
_UNIT_DONE_WORDS_RE = re.compile(r"完成|进展|进度|情况|统计|截至|截止|现状|监测|实际|通报|结果")
_UNIT_COLUMN_TAIL_RE = re.compile(r"(?:目标值|目标|计划数|计划|任务数|任务)$")
# columns that describe the place (its population, area): the base of its figures, not a figure
_UNIT_BASE_COLUMN_RE = re.compile(r"^(?:常住|户籍|服务|辖区)?人口(?:数|总数)?$|^(?:面积|辖区面积)$")


def unit_table_kind(caption: str, header: list[str], reviewed: bool) -> str:
    """Whether a table with one row per place reports what was done (``actual``) or sets what is to be
    done (``target``): its header or caption says so (`目标任务分解表`, `完成情况`), else the document
    (a report on a past year reports)."""
    joined = "".join(header)
    if _UNIT_GOAL_WORDS_RE.search(joined) or _UNIT_GOAL_WORDS_RE.search(caption):
        return "target"
    if _UNIT_DONE_WORDS_RE.search(caption):
        return "actual"
    return "actual" if reviewed else "target"


def extract_unit_row_targets(
    row_text: str, header: list[str], *, kind: str, year: int | None, whole: str = "合计", floors: Iterable[str] = ()
) -> list[Target]:
    """The figures of one row of a table with one row per place or unit (`湖滨区 | — | 58.7 | 76.3`) under
    ``header`` (`县（市、区）/县域内就诊率（%）/…`): each value cell measures its column's indicator for the
    row's place, metric = place + indicator (`湖滨区县域内就诊率`), unit from the column's brackets. The total
    row (`合计`) is the whole area (``whole``: `全县`); a goal row (`全年目标`) gives the indicator's target.
    Columns describing the place (`常住人口`) are no figures; a plain value in a column of ``floors`` (a note
    said `均为最低目标值`) is a floor.

    >>> h = ["县（市、区）", "县域内就诊率（%）", "每万常住人口全科医生数（人）"]
    >>> [(t.metric, t.value, t.unit, t.kind) for t in extract_unit_row_targets("安平市\\n91.3\\n4.4", h, kind="actual", year=2025)]
    [('安平市县域内就诊率', 91.3, '%', 'actual'), ('安平市每万常住人口全科医生数', 4.4, '人', 'actual')]
    """
    if not row_text or not header:
        return []
    cells = _cells(row_text)
    heads = [h for h in header if h.replace(" ", "") not in ("序号", "编号", "序")]
    if len(heads) < 2:
        return []
    norm = [c.text.translate(_NORMALIZE).strip() for c in cells]
    lab = next((i for i, c in enumerate(norm) if _CJK_RE.search(c) and not _SERIAL_RE.match(c)
                and not _CELL_VALUE_RE.match(c) and not _DIGIT_RE.search(c)), None)
    if lab is None:
        return []
    label = cells[lab].text.replace(" ", "").replace("\u3000", "")
    values = cells[lab + 1 :]
    cols = heads[1:]
    if len(values) > len(cols):
        return []  # not a row of this table
    cols = cols[len(cols) - len(values) :]  # a row short of a cell: aligned to the right
    goal_row = bool(_UNIT_GOAL_ROW_RE.search(label))
    place = "" if goal_row else (whole if _UNIT_TOTAL_RE.match(label) else label)
    out: list[Target] = []
    for cell, head in zip(values, cols):
        h = head.replace(" ", "")
        name, unit = _indicator_name(h.translate(_NORMALIZE))
        if _UNIT_BASE_COLUMN_RE.match(name):
            continue
        col_goal = bool(_UNIT_COLUMN_TAIL_RE.search(name))
        name = _UNIT_COLUMN_TAIL_RE.sub("", name) or name
        k = "target" if goal_row or col_goal else kind
        found = _value_cell_targets(row_text, cell, place + name, unit, year, k)
        if head in floors:
            found = [replace(t, comparator=">=") if t.comparator == "=" else t for t in found]
        out.extend(found)
    return out


# ---------------------------------------------------------------------------
# Indicator tables a PDF-to-text tool printed with one space between cells
#
#   序号 指标 2025年基 2026年底目 2027年底目 属性
#   线值 标值 标值
#   1 每千名儿童儿科执业（ 0.92 ≥0.95 ≥1.00 约束性
#   助理）医师数（名）
#
# Each row line opens with its serial number and ends with its values (and the indicator's nature);
# the indicator's name runs on over the short lines after it.

_SPACED_VALUE = r"(?:累计|约)?[≥≤><]?\d+(?:\.\d+)?(?:[—\-－~～至]\d+(?:\.\d+)?)?(?:%|‰)?(?:左右|以上|以下|以内)?|[—－\-]{1,2}"
_SPACED_VALUE_RE = re.compile(_SPACED_VALUE)
_SPACED_NATURE_RE = re.compile(r"预期性|约束性|指导性|监测性")
_LINE_SPLIT_RE = re.compile(r"[ \u3000]+")
_WIDE_GAP_RE = re.compile(r"[ \u3000]{2}|\t")  # cells parted by a run of spaces or a tab: not a single-space table


def _spaced_row(tokens: list[str]) -> tuple[int, int] | None:
    """(name tokens' end, values' end) of a row line's tokens: a serial number, the name's first piece,
    two or more values, optionally the nature and after it one or two pieces of a last text cell (a 责任单位
    column: `约束性 县卫健委、`); else None."""
    if len(tokens) < 4 or not re.fullmatch(r"\d{1,2}", tokens[0]):
        return None
    end = len(tokens)
    for q in range(len(tokens) - 1, max(len(tokens) - 4, 1), -1):
        if _SPACED_NATURE_RE.fullmatch(tokens[q]):
            if all(_CJK_RE.search(t) and not _SPACED_VALUE_RE.fullmatch(t.translate(_NORMALIZE)) for t in tokens[q + 1 :]):
                end = q
            break
    k = end
    while k > 1 and _SPACED_VALUE_RE.fullmatch(tokens[k - 1].translate(_NORMALIZE)):
        k -= 1
    if end - k < 2 or k < 2 or not any(_CJK_RE.search(t) for t in tokens[1:k]):
        return None
    return k, end


@dataclass
class SpacedRow:
    """One row of an indicator table printed with single spaces (:func:`spaced_tables`)."""

    start: int  # the row line's start
    end: int  # the end of its last line (the name and a last cell run on over short lines)
    name: str  # the indicator's name, its pieces joined
    values: list[tuple[int, int]]  # the value cells' offsets
    last_cell: str  # the text cell after the values and the nature (`县卫健委、县人社局`), pieces joined; "" if none
    unit: str | None = None  # the 单位 cell, when the header has that column after the name (`岁`, `1/10万`)


@dataclass
class SpacedTable:
    """An indicator table a PDF-to-text tool printed with one space between cells."""

    start: int  # its header's start
    header_end: int  # the end of its header (one or two lines)
    end: int  # the end of its last row
    header: list[str]  # the header cells, a cell wrapped onto the second line joined (`2022年基期值`, `指标属性`)
    rows: list[SpacedRow]

    @property
    def last_column(self) -> str | None:
        """The header of the text column after the values (`责任单位`), if the table has one."""
        tail = self.header[-1] if self.header else ""
        return tail if _CJK_RE.search(tail) and not YEAR_NUM_RE.search(tail) and not _SPACED_NATURE_RE.search(tail) \
            and not tail.startswith("指标") else None


def spaced_tables(text: str) -> list[SpacedTable]:
    """The indicator tables of ``text`` printed with single spaces between their cells (a PDF copied as
    plain text): the header names an indicator column (`指标`, `指标名称`) and two or more year columns
    (`2025年基线值`, `2026年底目标值`, their words wrapped onto a second line), each row opens with a serial number
    and ends with its values, the indicator's nature and perhaps a last text cell (`责任单位`); the name and
    that last cell run on over the short lines after the row line."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"(?m)^[^\n]*", text)]
    out: list[SpacedTable] = []
    i = 0
    while i < len(lines):
        start, line = lines[i]
        toks = _LINE_SPLIT_RE.split(line.strip())
        if not (any(t.startswith("指标") or t.endswith("指标") for t in toks[:3]) and len(YEAR_NUM_RE.findall(line)) >= 2
                and len(toks) <= 10) or _WIDE_GAP_RE.search(line.strip()):
            # (a table laid out in columns of spaces or tabs is read as one: segment.space_table_view)
            i += 1
            continue
        header = list(toks)
        header_end = start + len(line)
        j = i + 1
        # the header's second line: the rest of the wrapped cells (`线值 标值 标值`; `基期值 属性` under
        # `2022年` and a nature column's `指标`)
        if j < len(lines) and lines[j][1].strip() and not re.match(r"\d", lines[j][1].strip()):
            more = _LINE_SPLIT_RE.split(lines[j][1].strip())
            years = [k for k, h in enumerate(header) if YEAR_NUM_RE.search(h)]
            natures = [k for k, h in enumerate(header) if h == "指标" and k >= 2]
            nature_words = [x for x in more if x in ("属性", "性质")][: len(natures)]
            rest = [x for x in more if x not in nature_words]
            if len(rest) <= len(years) and all(len(x) <= 4 and not _DIGIT_RE.search(x) for x in more):
                for k, x in zip(natures, nature_words):
                    header[k] += x
                for k, x in zip(years, rest):
                    header[k] += x
                header_end = lines[j][0] + len(lines[j][1])
                j += 1
        table = SpacedTable(start, header_end, header_end, header, [])
        has_unit = any(h in _UNIT_HEAD for h in header[1:4])  # `序号 指标名称 单位 2025年完成值 …`
        while j < len(lines):
            s, ln = lines[j]
            toks = _LINE_SPLIT_RE.split(ln.strip())
            cut = _spaced_row(toks) if ln.strip() and not _WIDE_GAP_RE.search(ln.strip()) else None
            if cut is None:
                break
            k, end = cut
            # the tokens' offsets in the document
            offs, pos = [], s
            for t in toks:
                p = text.index(t, pos)
                offs.append((p, p + len(t)))
                pos = p + len(t)
            unit = toks[k - 1] if has_unit and k > 2 and len(toks[k - 1]) <= 6 else None  # (`岁`, `1/10万`, `‰`)
            name = "".join(toks[1 : k - 1] if unit else toks[1:k])
            tail = toks[end + 1 :] if end < len(toks) else []
            last = "".join(tail)
            # the name runs on over the lines after it (past a page line and blank lines); beside a last cell
            # the line holds that cell's next piece too (`（人） 县人社局`)
            q = j + 1
            while q < len(lines):
                nxt = lines[q][1].strip()
                if not nxt or _PAGE_LINE_RE.fullmatch(nxt):
                    q += 1
                    continue
                ntoks = _LINE_SPLIT_RE.split(nxt)
                two = tail and len(ntoks) == 2 and all(len(x) <= 16 and _CJK_RE.search(x) for x in ntoks)
                if _spaced_row(ntoks) or len(nxt) > 24 or (" " in nxt and not two) or nxt.endswith(("。", "：", ":")) \
                        or re.match(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|(?:注|说明|备注)\s?[:：]", nxt):
                    break
                if two:
                    name += ntoks[0]
                    last += ntoks[1]
                elif len(nxt) > 16:
                    break
                elif last and not is_agency(re.split(r"[、，,]", last)[-1]) and is_agency(re.split(r"[、，,]", last)[-1] + nxt):
                    last += nxt  # the last cell's cut name goes on (`科技教育处、基层卫生` / `健康处`)
                else:
                    name += nxt
                q += 1
            table.rows.append(SpacedRow(s, lines[q - 1][0] + len(lines[q - 1][1]), name, offs[k:end], last, unit))
            table.end = table.rows[-1].end
            j = q
        if table.rows:
            out.append(table)
        i = max(j, i + 1)
    return out


def spaced_table_targets(text: str, table: SpacedTable, doc_year: int | None = None) -> list[Target]:
    """The figures of an indicator table of ``text`` printed with single spaces between its cells
    (:func:`spaced_tables`), read as the one-cell-per-line tables are (:func:`extract_table_targets`)."""
    cols = _value_columns(table.header, doc_year)
    found: list[Target] = []
    for row in table.rows:
        metric, unit = _indicator_name(row.name)
        unit = _unit_cell(row.unit) if row.unit else unit
        use = cols[len(cols) - len(row.values):] if len(row.values) <= len(cols) \
            else cols + [(None, "target")] * (len(row.values) - len(cols))
        for (a, b), (year, kind) in zip(row.values, use):
            cell = _Cell(a, b, text[a:b])
            if cell.text.translate(_NORMALIZE).startswith("累计"):
                cell = _Cell(a + 2, b, text[a + 2 : b])
            found.extend(_value_cell_targets(text, cell, metric, unit, year, "actual" if kind == "previous" else kind))
    return found
