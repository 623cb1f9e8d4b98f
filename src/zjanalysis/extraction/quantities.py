"""Quantities in normalised text: numbers with scale, unit, comparator and range.

Also finds what the scrape stripped: a trigger followed directly by a unit (``达亿元``), a
catalogue subject followed by a unit in a list (``新增高新技术企业家、``), and month deadlines
whose year lost its digits (``确保年12月底前``). Years, ordinals (第2批), programme names
("315", 2.0版) and thresholds (``1亿元以上制造业企业``) are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zjanalysis.extraction.scanning import finditer_at, hinted_finditer
from zjanalysis.tables.numerals import chinese_number

# units as written, longest first; a scale (万/亿/万亿) may precede a base unit
BASE_UNITS = ("人年", "人次", "元", "家", "个", "项", "件", "人", "名", "所", "次", "年")
SCALED = {"万亿元", "亿元", "万元", "万人年", "万家", "万人", "万件", "万项", "万名"}
UNIT_RE = (
    r"(?:个百分点|百分点|%|万亿元|亿元|万元|万人年|人年|人次|万家|万户|万件|万项|万名|万人|万个|万座|"
    r"元|家|个|项|件|人|名|所|次|年|位|户|款|支|场|台|套|座|万P|P(?![A-Za-z])|EFLOPS|Eflops)"
)
# measure words kept as written where the tables declare them, else counted in another
# declared unit (``statements`` decides): 院士12位 are persons, 5户企业 firms, 86款产品,
# 45支团队, 3座 … items, 120场活动 times
MEASURE_AS = {
    "位": "名",
    "户": "家",
    "万户": "万家",
    "款": "个",
    "支": "个",
    "台": "个",
    "套": "个",
    "座": "个",
    "场": "次",
}
# a number's first digit written apart (\d\d* for \d+, the same matches): a pattern that starts
# with a character class is scanned for that class in C, many times faster; its digits are
# possessive (*+): fewer digits would leave a digit that nothing after a number can match
NUMBER_RE = r"\d\d*+(?:\.\d++)?+"
CN_NUMBER_RE = r"[零〇一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*(?:点[零〇一二三四五六七八九]+)?"
RANGE_SEP = r"\s*(?:-|—|–|~|至|到)\s*"
PREFIX = {
    "达到": "=",
    "达": "=",
    "为": "=",
    "实现": "=",
    "超过": ">",
    "超": ">",
    "突破": ">",
    "高于": ">",
    "多于": ">",
    "不少于": ">=",
    "不低于": ">=",
    "至少": ">=",
    "不超过": "<=",
    "不高于": "<=",
    "控制在": "<=",
    "低于": "<",
    "少于": "<",
    "约": "~",
    "大约": "~",
}
SUFFIX = {"以上": ">=", "及以上": ">=", "左右": "~", "以内": "<=", "以下": "<=", "内": "<="}
TRIGGERS_CN = (
    "新增",
    "新建",
    "新引进",
    "引进",
    "培育",
    "建设",
    "组建",
    "达到",
    "达",
    "超过",
    "突破",
    "不少于",
    "至少",
)

QUANTITY = re.compile(
    rf"(?P<num>{NUMBER_RE})(?:{RANGE_SEP}(?P<high>{NUMBER_RE}))?\s*(?P<more>多|余)?(?P<unit>{UNIT_RE})(?P<suffix>及以上|以上|左右|以内|以下)?"
)
CN_QUANTITY = re.compile(rf"(?P<num>{CN_NUMBER_RE})(?P<unit>{UNIT_RE})(?P<suffix>以上|左右)?")
# 3万多家, 1.2万余人: a scale, then 多/余, then the base unit
SCALE_MORE = re.compile(
    rf"(?P<num>{NUMBER_RE})(?P<scale>万亿|万|亿)(?P<more>多|余)(?P<base>元|家|户|人|名|件|项|个)"
)
# 突破万亿元: a bare scale after a comparator is one of it
BARE_SCALE = re.compile(r"(?:突破|超过|超|达到|达|近|逾)(?P<unit>万亿元)")
CN_RANK = r"\d+|[一二三四五六七八九十]{1,3}"
# a rank is 第N after a whole it is counted in (全国, 全球 …) or a verb of standing (位列, 居 …)
RANK_WHOLE = r"全国|全省|全市|全区|全球|世界|国内|中部|西部|东部|东北|亚洲"
RANK_VERB = r"位列|位居|稳居|跃居|居|名列|排名|排在|排|列|升至|升到|上升至|上升到|提升至|提升到|跃升至|跃升到|前移至|前移到"
RANK = re.compile(
    rf"(?:(?:{RANK_WHOLE})[^,，。;；、]{{0,2}}|(?:{RANK_VERB}))第(?P<num>{CN_RANK})"
    r"(?P<unit>位|名)?(?![\d一二三四五六七八九十个批届家项次年名代轮条款期]|方阵|梯队|阵营|大|产业|要务|动力|资源|生产力|责任)"
)
RANK_CHANGE = re.compile(r"(?:提升|上升|前移|下降|后退|进位|跃升|提高)$")  # 提升7位
# 居全国首位, 稳居榜首: first, in words
RANK_FIRST = re.compile(
    rf"(?:(?:{RANK_VERB})(?:{RANK_WHOLE})?(?:同类城市|省份|省区市)?(?:首位|榜首)|(?:{RANK_WHOLE})首位|榜首)"
)
RANK_TOP = re.compile(
    rf"(?:{RANK_WHOLE}|{RANK_VERB})(?:前|前列前)(?P<num>{CN_RANK})(?:位|名)?(?![\d个批届家项次年%])"
)
DEADLINE = re.compile(r"(?P<year>\d{4})?年(?P<num>\d{1,2})月底(?P<before>前)?")
STRIPPED_AFTER_TRIGGER = re.compile(
    r"(?P<trigger>达到|达|超过|突破|增长|不少于|约)(?P<unit>万亿元|亿元|万元|%)"
)
RELATIVE = re.compile(
    r"(?P<cmp>超|高于|快于|优于|不低于)(?P<ref>全省|全国|全市|面上)(?:平均)?(?:水平)?"
    r"(?:(?P<num>\d+(?:\.\d+)?)(?:个)?(?P<unit>百分点))?"
)


# shares written as fractions: 占全省1/3, 超过三分之一 (a date such as 2024/3/1 is not one)
FRACTION = re.compile(
    r"(?<![\d/.])(?P<top>\d{1,2})/(?P<bottom>\d{1,2})(?![\d/.])(?P<suffix>及以上|以上|左右|以内|以下)?"
)
CN_FRACTION = re.compile(
    r"(?P<bottom>[二三四五六七八九十])分之(?P<top>[一二三四五六七八九])(?P<suffix>及以上|以上|左右|以内|以下)?"
)
# 百分之三十: a percentage in words
CN_PERCENT = re.compile(rf"百分之(?P<num>{CN_NUMBER_RE})(?P<suffix>及以上|以上|左右|以内|以下)?")
SHARE_WORDS = re.compile(r"占|比重|比例|份额|率")
GROWTH_BEFORE = re.compile(r"(增长|增速|增幅|提高|提升)$")

# where a pattern can start: a literal it needs (a fast scan) and the literal's possible
# distances from the start (see ``scanning``)
HINTED = {
    "deadline": (DEADLINE, re.compile(r"年(?=\d{1,2}月底)"), (-4, 0)),
    "rank": (RANK, re.compile("第"), (-5, -4, -3, -2, -1)),
    "rank_first": (RANK_FIRST, re.compile("首位|榜首"), tuple(range(-9, 1))),
    "fraction": (FRACTION, re.compile("/"), (-2, -1)),
}


def _finditer(name: str, text: str):
    return hinted_finditer(*HINTED[name], text)


# '投资增速高于固定资产投资(增速)': an aim stated against another rate, with no number
GROWTH_ABOVE = re.compile(
    r"(?:增速|增幅)(?P<cmp>高于|快于)(?P<ref>[^,，。;；、\d()]{2,16}?)(?:增速|增幅)?(?=[,，。;；、\n]|$)"
)


@dataclass(slots=True)  # thousands a document: slots make them cheaper
class Quantity:
    """One quantity found in normalised text, with its span and how it was read."""

    start: int
    end: int
    value: float | None
    value_high: float | None
    unit: str
    comparator: str
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    growth: bool = False


PREFIX_AT_END = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(PREFIX, key=len, reverse=True)) + ")$"
)


def _prefix_comparator(text: str, start: int) -> tuple[str | None, int]:
    found = PREFIX_AT_END.search(text[max(0, start - 4) : start])
    if found:
        return PREFIX[found.group()], start - len(found.group())
    return None, start


def _grows_before(text: str, at: int) -> bool:
    """增长, 增速 … just before ``at`` (the figure is a growth rate)."""
    lo = max(0, at - 4)
    last = text[at - 2 : at - 1] if text.endswith("\n", lo, at) else text[at - 1 : at]  # $
    return last in "长速幅高升" and bool(GROWTH_BEFORE.search(text[lo:at]))


def _is_year(num: str, unit: str) -> bool:
    return unit == "年" and ((len(num) == 4 and num[:2] in ("19", "20")) or len(num) > 4)


def _threshold(text: str, end: int, suffix: str | None) -> bool:
    """'1亿元以上制造业企业': a size class, not a figure (以上 followed by a noun)."""
    if not suffix or suffix not in ("以上", "及以上", "以下"):
        return False
    nxt = text[end : end + 1]
    return (
        bool(nxt) and ("\u4e00" <= nxt <= "\u9fff") and nxt not in "的"
    )  # '的' also marks a class


# verbs that bring new things into being: '培育20个以上创新联合体' counts what follows
NEW_THINGS_VERB = re.compile(
    r"(?:培育|新增|新建|建设|建成|打造|引进|引育|组建|布局|认定|创建|遴选|招引|新认定|新引进|落地|"
    r"攻克|突破|实施|支持|推动|部署|开展|完成|新培育|新打造|新组建)(?:形成|认定)?$"
)
COUNT_UNITS = frozenset("个家项所名人件次位户款支场台套座")


def _counts_new(text: str, start: int, unit: str) -> bool:
    """'培育20个以上创新联合体': a count of new things a verb brings, not a size class
    (which '1亿元以上企业' is, money being no count)."""
    return unit in COUNT_UNITS and bool(NEW_THINGS_VERB.search(text, max(0, start - 6), start))


def _fraction(text: str, m: re.Match) -> Quantity | None:
    """A share written as a fraction (1/3, 三分之一) or in words (百分之三十), as a
    percentage; a fraction is approximate (1/3 → 33.3 %) unless a comparator says otherwise,
    and counts only where the clause speaks of a share (占, 比重, 率 …) or a comparator
    (达到, 超过 …) announces it."""
    cmp_, cstart = _prefix_comparator(text, m.start())
    if "num" in m.re.groupindex:  # 百分之…
        value = chinese_number(m.group("num"))
        if value is None:
            return None
        notes, approximate = [f"百分之{m.group('num')} as a percentage"], "="
    else:
        top, bottom = m.group("top"), m.group("bottom")
        top = int(top) if top.isdigit() else chinese_number(top)
        bottom = int(bottom) if bottom.isdigit() else chinese_number(bottom)
        if top is None or bottom is None or not 0 < top < bottom <= 10:
            return None
        lo = max(0, m.start() - 30)
        clause = text[
            max(max(text.rfind(ch, lo, m.start()) for ch in ",;。\n") + 1, lo) : m.start()
        ]
        if not SHARE_WORDS.search(clause) and cmp_ is None:
            return None
        value = round(100 * top / bottom, 1)
        notes, approximate = [f"fraction {m.group('top')}/{m.group('bottom')} as a percentage"], "~"
    suffix = m.group("suffix")
    if _threshold(text, m.end(), suffix):
        return None
    if suffix:
        cmp_ = SUFFIX[suffix]
        notes.append(f"comparator {suffix}")
    elif cmp_:
        notes.append(f"comparator {text[cstart : m.start()]}")
    return Quantity(m.start(), m.end(), value, None, "%", cmp_ or approximate, [], notes)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` (normalised), in order of position."""
    found: list[Quantity] = []
    mask = bytearray(len(text) + 1)  # characters already read as part of a quantity

    def free(a: int, b: int) -> bool:
        return mask.find(1, a, b) < 0

    def take(a: int, b: int) -> None:
        mask[a:b] = b"\x01" * (b - a)

    for m in _finditer("deadline", text):
        flags = [] if m.group("year") else ["missing_year"]
        q = Quantity(
            m.start(), m.end(), float(m.group("num")), None, "月", "<=", flags, ["deadline"]
        )
        found.append(q)
        take(m.start(), m.end())
    for name, pattern, cmp_ in (("rank", RANK, "="), ("", RANK_TOP, "<=")):
        for m in _finditer(name, text) if name else pattern.finditer(text):
            num = m.group("num")
            value = float(num) if num.isdigit() else chinese_number(num)
            if not free(m.start("num"), m.end()) or value is None:
                continue
            note = "rank 全国第N" if cmp_ == "=" else "rank 前N: within the first N"
            found.append(Quantity(m.start(), m.end(), value, None, "位", cmp_, ["rank"], [note]))
            take(m.start(), m.end())
    for m in _finditer("rank_first", text):
        if free(m.start(), m.end()):
            found.append(
                Quantity(
                    m.start(), m.end(), 1.0, None, "位", "=", ["rank"], ["rank 首位/榜首: first"]
                )
            )
            take(m.start(), m.end())
    for m in RELATIVE.finditer(text):
        value = float(m.group("num")) if m.group("num") else None
        unit = "百分点" if m.group("unit") else ""
        found.append(
            Quantity(
                m.start(),
                m.end(),
                value,
                None,
                unit,
                "relative",
                ["relative"],
                [f"relative to {m.group('ref')}"],
            )
        )
        take(m.start(), m.end())
    for m in GROWTH_ABOVE.finditer(text):
        if free(m.start("cmp"), m.end()):
            found.append(
                Quantity(
                    m.start("cmp"),
                    m.end(),
                    None,
                    None,
                    "",
                    "relative",
                    ["relative"],
                    [f"relative to {m.group('ref')}"],
                )
            )
            take(m.start("cmp"), m.end())
    for matches in (
        _finditer("fraction", text),
        CN_FRACTION.finditer(text),
        CN_PERCENT.finditer(text),
    ):
        for m in matches:
            q = _fraction(text, m)
            if q and free(q.start, q.end):
                found.append(q)
                take(q.start, q.end)
    for m in SCALE_MORE.finditer(text):
        unit = m.group("scale") + m.group("base")
        if (unit in SCALED or unit == "万户") and free(m.start(), m.end()):
            note = f"comparator {m.group('more')} after the scale"
            found.append(
                Quantity(m.start(), m.end(), float(m.group("num")), None, unit, ">", [], [note])
            )
            take(m.start(), m.end())
    for m in BARE_SCALE.finditer(text):
        if free(m.start(), m.end()):
            cmp_, _ = _prefix_comparator(text, m.start("unit"))
            note = f"a bare {m.group('unit')}: one of it"
            found.append(
                Quantity(
                    m.start("unit"), m.end(), 1.0, None, m.group("unit"), cmp_ or "=", [], [note]
                )
            )
            take(m.start(), m.end())
    for m in QUANTITY.finditer(text):
        num, high, unit, suffix = m.group("num", "high", "unit", "suffix")
        start, end = m.span()
        if mask.find(1, start, end) >= 0:  # not free
            continue
        if _is_year(num, unit) or (high and _is_year(high, unit)):
            continue
        before = text[max(0, start - 1) : start]
        if unit == "位" and (
            text.startswith("数", end) or RANK_CHANGE.search(text, max(0, start - 3), start)
        ):
            continue  # 两位数增长; 排名提升7位 (a change of rank, which no unit counts)
        if (
            before == "第"
            or (before == "前" and unit in ("位", "名"))  # 前10位: within the first ten
            or (before.isalpha() and before.isascii())
            or (before in (".", "“") and unit not in ("%",))
        ):
            continue  # ordinals, codes like G60, programme names
        if suffix and _threshold(text, end, suffix) and not _counts_new(text, start, unit):
            continue
        cmp_, cstart = _prefix_comparator(text, start)
        if unit == "年" and cmp_ is None:
            continue  # durations only with an explicit bound (不低于10年)
        unit = "百分点" if unit in ("个百分点", "百分点") else unit
        notes = []
        if suffix:
            cmp_ = SUFFIX[suffix]
            notes.append(f"comparator {suffix}")
        elif m.group("more"):  # 2300多人: more than 2300
            cmp_ = ">"
            notes.append(f"comparator {m.group('more')}")
        elif cmp_:
            notes.append(f"comparator {text[cstart:start]}")
        if high:
            cmp_ = "range"
            notes.append("range")
        growth = _grows_before(text, cstart)
        found.append(
            Quantity(
                start,
                end,
                float(num),
                float(high) if high else None,
                unit,
                cmp_ or "=",
                [],
                notes,
                growth,
            )
        )
        mask[start:end] = b"\x01" * (end - start)  # taken
    found.sort(key=lambda q: q.start)
    found += _sharing_a_unit(text, found, mask)
    for m in CN_QUANTITY.finditer(text):
        if not free(m.start(), m.end()) or m.group("unit") in ("%", "年", "百分点", "个百分点"):
            continue
        if m.group("unit") == "位" and (
            text.startswith("数", m.end())
            or RANK_CHANGE.search(text, max(0, m.start() - 3), m.start())
        ):
            continue
        lo = max(0, m.start() - 200)
        clause = text[
            max(max(text.rfind(ch, lo, m.start()) for ch in ",;。、:\n") + 1, lo) : m.start()
        ]
        cmp_, _ = _prefix_comparator(text, m.start())
        if cmp_ is None and not any(t in clause for t in TRIGGERS_CN):
            continue  # 三个高地: Chinese numerals count only in a clause that announces a figure
        value = chinese_number(m.group("num"))
        if value is None or value < 2:
            continue  # 一个/一家 usually means 'a', not the number one
        suffix = m.group("suffix")
        unit, notes = m.group("unit"), ["Chinese numeral"]
        found.append(
            Quantity(
                m.start(),
                m.end(),
                value,
                None,
                unit,
                SUFFIX[suffix] if suffix else (cmp_ or "="),
                [],
                notes,
            )
        )
        take(m.start(), m.end())
    for m in STRIPPED_AFTER_TRIGGER.finditer(text):
        if free(m.start("unit"), m.end()):
            cmp_ = PREFIX.get(m.group("trigger"), "=")
            found.append(
                Quantity(
                    m.start("unit"),
                    m.end(),
                    None,
                    None,
                    m.group("unit"),
                    cmp_,
                    ["missing_number"],
                    ["number stripped after trigger"],
                    m.group("trigger") == "增长",
                )
            )
            take(m.start("unit"), m.end())
    return sorted(found, key=lambda q: q.start)


# '提高0.15和1.2个百分点', '分别为8、12家': a bare number before a listed one shares its unit
BARE_IN_LIST = re.compile(rf"(?<![\d.第])(?P<num>{NUMBER_RE})(?:、|和|与|及|或)(?=\d)")


def _sharing_a_unit(text: str, found: list[Quantity], mask: bytearray) -> list[Quantity]:
    """Bare numbers listed before a quantity, each with that quantity's unit (right to left,
    so that 'A、B和C家' gives A and B the unit of C)."""
    by_start = {q.start: q for q in found if q.unit and q.value is not None}
    if not by_start:
        return []
    out = []
    for m in reversed(list(BARE_IN_LIST.finditer(text))):
        nxt = by_start.get(m.end())
        if nxt is None or mask.find(1, m.start(), m.end("num")) >= 0 or "rank" in nxt.flags:
            continue
        if nxt.unit in ("月", "年"):
            continue
        cmp_, _ = _prefix_comparator(text, m.start())
        q = Quantity(
            m.start(),
            m.end("num"),
            float(m.group("num")),
            None,
            nxt.unit,
            cmp_ or ("=" if nxt.comparator in ("range", "relative") else nxt.comparator),
            [],
            [f"unit {nxt.unit} of the next number in the list"],
            nxt.growth or _grows_before(text, m.start()),
        )
        out.append(q)
        by_start[q.start] = q
        mask[q.start : q.end] = b"\x01" * (q.end - q.start)
    return out


STRIPPED_UNIT = re.compile(r"[家个项名](?=[、,;。])")


def find_stripped_subjects(text: str, aliases: list[str]) -> list[Quantity]:
    """'新增高新技术企业家、': a catalogue subject directly followed by a count unit in a list.

    Only in clauses that announce new units (新增, 新建, 新认定 …), so that words such as
    企业家 in ordinary prose are not misread.
    """
    if not aliases:
        return []
    pattern = re.compile(
        "(?P<alias>"
        + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
        + r")(?P<unit>家|个|项|名)(?=[、,;。])"
    )
    # a match is an alias ending just before a unit: try the pattern only where one does
    known, lengths = set(aliases), {len(a) for a in aliases}
    units = [h.start() for h in STRIPPED_UNIT.finditer(text)]
    starts = {u - k for u in units for k in lengths if k <= u and text[u - k : u] in known}
    out = []
    for m in finditer_at(pattern, starts, text):
        lo = max(0, m.start() - 200)
        clause_start = max(max(text.rfind(ch, lo, m.start()) for ch in ",;。\n:") + 1, lo)
        clause = text[clause_start : m.start("unit")]
        if re.search(r"新增|新建|新认定|新引进|培育", clause):
            out.append(
                Quantity(
                    m.start("unit"),
                    m.end(),
                    None,
                    None,
                    m.group("unit"),
                    "=",
                    ["missing_number"],
                    ["number stripped between subject and unit"],
                )
            )
    return out
