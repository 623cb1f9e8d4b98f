"""Text injected into a copy of a document: adverts and page furniture that are not its words.

A spam repost splices adverts into sentences (``达3.3澳门天天彩正版免费全年资料%左右``), a
newspaper copy keeps its page-jump markers mid-paragraph (``（下转第四版）``). Such a run is
found by general rules, never by the text of one document:

- ``advert``: a word of a known advert class — lottery and gambling (天天彩, 六合彩, 一肖一码,
  开奖结果 …), site promotion (加微信, 点击进入, 注册送 …), clinic adverts (白癜风, 无痛人流 …)
  — together with the advert filler around it on its line (澳门, 正版, 免费, 全年, 资料, a
  link …; digits only inside the run).
- ``spliced``: letters or Chinese characters between a number and its per-cent sign (or
  个百分点), which always follows the number directly (``3.3xxxx%``). A run starting with a
  word that may follow a number (年, 个, 家 …) is not taken: digits lost in scraping leave that.
- ``page_marker``: a newspaper's page-jump note (（下转第四版）, （上接第1版）).

Offsets are character offsets into the raw text (Python string indices). Runs that touch are
merged. The origin record lists a document's runs (``injected``); ``check_recorded`` compares
that list with what the rules find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
KINDS = ("advert", "spliced", "page_marker")

# advert classes: words that occur in adverts and not in policy texts
ADVERT_WORDS = {
    "lottery and gambling": (
        "天天彩|六合彩|时时彩|开好彩|彩票网|一肖|肖中特|码中特|一码一肖|一码中特|特码|"
        "资料大全|正版资料|免费资料|精准资料|最准资料|开奖结果|开奖记录|开奖直播|今晚开奖|今期开奖|"
        "百家乐|娱乐城|真人娱乐|老虎机|管家婆|白小姐|新澳门|新澳|澳彩|港彩|葡京|彩金"
    ),
    "site promotion": (
        "加微信|加QQ|扫码领|免费领取|点击进入|点击下载|官网入口|登录入口|注册送|首充|下载APP|"
        "永久免费|免费观看|在线观看"
    ),
    "clinic adverts": "白癜风|牛皮癣|无痛人流|男科医院|哪家医院好|哪家好",
}
ADVERT = re.compile("|".join(ADVERT_WORDS.values()))
# words that stand around an advert word inside the advert; digits only inside a run
FILLER = (
    r"澳门|香港|港澳|新|正版|免费|全年|资料|大全|最新|精准|最准|准确|公开|提供|今晚|今天|今日|今期|"
    r"开奖|结果|记录|天天|彩|网站|网址|网|官方|官网|内部|一|中|必中|特|码|肖|期|版|全部|下载|入口|"
    r"更新|最快|直播|号码|领取|获取|咨询|中药|清热解毒|治|医院|专科|[0-9]{2,3}%|[0-9]{2,4}年?|[a-z0-9]+\.(?:com|cc|net|vip|top)|"
    r"\s*https?://\S+"
)
FILLER_AT = re.compile(f"(?:{FILLER})")
FILLER_BEFORE = re.compile(f"(?:{FILLER})\\Z")
DIGITS = re.compile(r"[0-9]{2,4}年?|[0-9]{2,3}%")
# between a number and its per-cent sign: letters or Chinese characters, not a word that may
# follow a number (年, 个, 家 … mark a number lost in scraping, not an injection)
SPLICED = re.compile(
    rf"(?<=[0-9])(?![年月日号期个家项人次万亿元倍位名座所条批])[{HAN}A-Za-z]{{2,30}}(?=[%％‰]|个百分点)"
)
PAGE_MARKER = re.compile(
    r"[（(]\s*(?:下转|上接|紧接|转|接)\s*第?\s*[0-9一二三四五六七八九十A-Z]{1,3}\s*版\s*[）)]"
)


@dataclass(frozen=True)
class InjectedRun:
    """A run of injected text: raw character offsets ``[start, end)``, its text and kind."""

    start: int
    end: int
    text: str
    kind: str

    def as_record(self) -> dict:
        """The run as the origin record lists it."""
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


def find_injected(text: str) -> list[InjectedRun]:
    """Every run of injected text in ``text``, in order (see the module docstring)."""
    spans: list[tuple[int, int, str]] = []
    for m in ADVERT.finditer(text):
        spans.append((*_advert_extent(text, m.start(), m.end()), "advert"))
    spans += [(m.start(), m.end(), "spliced") for m in SPLICED.finditer(text)]
    spans += [(m.start(), m.end(), "page_marker") for m in PAGE_MARKER.finditer(text)]
    runs: list[list] = []
    for start, end, kind in sorted(spans):
        if runs and start <= runs[-1][1]:  # touching or overlapping: one run
            last = runs[-1]
            last[1] = max(last[1], end)
            if KINDS.index(kind) < KINDS.index(last[2]):
                last[2] = kind
        else:
            runs.append([start, end, kind])
    return [InjectedRun(s, e, text[s:e], k) for s, e, k in runs]


def _advert_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """The advert around the advert word ``text[start:end]``: the word with the filler on
    either side, within its line (digits only inside)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = [start]  # run boundaries, innermost first, so that edge digits can be dropped
    while True:
        m = FILLER_BEFORE.search(text, max(line_start, left[-1] - 12), left[-1])
        if not m or m.start() == left[-1]:
            break
        left.append(m.start())
    right = [end]
    while True:
        m = FILLER_AT.match(text, right[-1], line_end)
        if not m or m.end() == right[-1]:
            break
        right.append(m.end())
    while len(left) > 1 and DIGITS.fullmatch(text[left[-1] : left[-2]]):
        left.pop()
    while len(right) > 1 and DIGITS.fullmatch(text[right[-2] : right[-1]]):
        right.pop()
    return left[-1], right[-1]


def check_recorded(recorded: list[InjectedRun], text: str) -> list[str]:
    """Problems of a document's recorded runs against its raw text: a recorded run whose
    offsets do not hold its text, or a run the rules find that is not recorded (a recorded
    run the rules miss is kept: a reviewer may find more than the rules)."""
    problems = []
    for run in recorded:
        if text[run.start : run.end] != run.text:
            problems.append(
                f"injected run at {run.start}–{run.end} is not '{run.text}' in the raw text"
            )
    covered = [(r.start, r.end) for r in recorded]
    for run in find_injected(text):
        if not any(s <= run.start and run.end <= e for s, e in covered):
            problems.append(
                f"injected text at {run.start}–{run.end} ({run.kind}: '{run.text}') is not "
                "recorded in injected"
            )
    return problems
