"""Key figures: the statistics a document states, extracted, localised, and drawn.

An indicator is a glossary term of the category `statistic` (地区生产总值, 社会消费品零售总额 …);
a figure is what the text says right after it: a value with its unit, a change, or both
(地区生产总值4294亿元、增长2.8%). Each figure keeps the paragraph it comes from, so every row
and bar links back to the sentence a reader can check.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..chinese import simplified
from ..glossary import Glossary
from ..model import Document, Paragraph, Section

SCALES = {"万亿": 1e12, "亿": 1e8, "万": 1e4}  # shared with checks: 4294亿 is 429.4 billion
UNITS_EN = {"元": "yuan", "美元": "US dollars", "人": "people", "人次": "visits", "户": "market entities",
            "家": "enterprises", "亩": "mu", "吨": "tonnes", "公里": "km", "千瓦": "kW", "岁": "years", "个": "",
            "套": "units", "项": "projects"}
_FIGURE = re.compile(
    r"^(?:总额|总量)?(?:完成|达到|达|为|实现|累计|共)?(?P<q>突破|超过|超|近|约)?"
    r"(?:(?P<num>\d+(?:\.\d+)?)(?P<scale>万亿|亿|万)?(?P<unit>美元|人次|元|人|户|家|亩|吨|公里|千瓦|岁|个|套|项)"
    r"(?:[、，]?(?:同比)?)?)?"
    r"(?:(?P<avg>年均)?(?P<dir>增长|下降|提升|提高|减少)(?P<chg>\d+(?:\.\d+)?)(?P<cu>%|个百分点))?")
_YEAR = re.compile(r"(\d{4})年")


@dataclass(frozen=True)
class Figure:
    indicator: str  # glossary term id
    label_zh: str
    label_en: str
    value: float | None  # in base units: yuan, people …
    unit: str  # Chinese unit in Simplified, whatever the script of the text (元, 人, 户 …): `shown` is as written
    shown: str  # the figure as written, e.g. 4294亿元, 超9000亿元
    qualifier: str  # 超, 突破, 近, 约: the value is a bound or an approximation, as the text says
    change: float | None  # signed
    change_unit: str  # % or 个百分点
    period: str  # e.g. 2025年, or 年均 for an average annual rate
    paragraph: str  # p- id
    source: str  # the words of the text the figure was read from


_PLAN = re.compile(r"“十[一二三四五六七八九]五”")


def _period(before: str, titles: list[str], average: bool) -> str:
    """The year written before the figure in its paragraph, else the nearest heading's year or plan."""
    years = _YEAR.findall(before)
    found = years[-1] + "年" if years else ""
    for title in reversed(titles):
        if found:
            break
        plan_match, year = _PLAN.search(title), _YEAR.search(title)
        found = year.group(1) + "年" if year else plan_match.group() + "时期" if plan_match else ""
    if average:
        plan = next((p.group() for t in reversed(titles) if (p := _PLAN.search(t))), "")
        return (plan + "时期" if plan else "") + "年均"
    return found


def period_en(period: str) -> str:
    """2025年 -> 2025; “十四五”时期年均 -> 14th Five-Year Plan period, average annual."""
    text = re.sub(r"(\d{4})年", r"\1", period)
    text = re.sub("“十([一二三四五六七八九])五”时期",
                  lambda m: f"{11 + '一二三四五六七八九'.index(m.group(1))}th Five-Year Plan period", text)
    return text.replace("年均", ", average annual").lstrip(", ").strip()


def extract(doc: Document, glossary: Glossary) -> list[Figure]:
    figures: list[Figure] = []

    def walk(paragraphs: list[Paragraph], titles: list[str]) -> None:
        for p in paragraphs:
            text = p.full_text
            for m in glossary.find(text):
                if m.term.category != "statistic" or text[:m.start].endswith("人均"):
                    continue  # 人均地区生产总值 is not 地区生产总值: a per-person figure is not the total
                rest = text[m.end:]
                found = _FIGURE.match(simplified(rest))  # 億元 read as 亿元; what is shown, as written
                if not found or not (found["num"] or found["chg"]):
                    continue
                value, qualifier, shown = None, "", ""
                if found["num"]:
                    value = float(found["num"]) * SCALES.get(found["scale"] or "", 1.0)
                    qualifier = found["q"] or ""
                    shown = rest[found.start("q") if qualifier else found.start("num"):found.end("unit")]
                change = None
                if found["chg"]:
                    change = float(found["chg"]) * (-1 if found["dir"] in ("下降", "减少") else 1)
                figures.append(Figure(
                    indicator=m.term.id, label_zh=text[m.start:m.end], label_en=m.term.en, value=value,
                    unit=found["unit"] or "", qualifier=qualifier, shown=shown,
                    change=change, change_unit=found["cu"] or "",
                    period=_period(text[:m.start], titles, bool(found["avg"])),
                    paragraph=p.id, source=text[m.start:m.end + found.end()]))

    def sections(items: list[Section], titles: list[str]) -> None:
        for s in items:
            walk(s.paragraphs, titles + [s.title])
            sections(s.subsections, titles + [s.title])

    walk(doc.front, [])
    sections(doc.sections, [])
    return figures


QUALIFIERS_EN = {"超": "over", "超过": "over", "突破": "over", "近": "nearly", "约": "about"}


def format_en(value: float, unit: str, qualifier: str = "") -> str:
    """429.4 billion yuan, 53,000 people, over 900 billion yuan: as an English reader writes it."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            amount = f"{value / size:.6f}".rstrip("0").rstrip(".") + f" {word}"
            break
    else:
        amount = f"{value:,.6f}".rstrip("0").rstrip(".")
    english_unit = UNITS_EN.get(unit, unit)
    return " ".join(w for w in (QUALIFIERS_EN.get(qualifier, ""), amount, english_unit) if w)


def change_text(figure: Figure, english: bool) -> str:
    if figure.change is None:
        return ""
    number = f"{figure.change:+g}"
    if figure.change_unit == "%":
        return number + "%"
    return number + (" percentage points" if english else "个百分点")


def as_records(figures: list[Figure]) -> list[dict]:
    return [asdict(f) for f in figures]
