"""The rules of Chinese public texts, in one place: punctuation, numbering, header lines, dates.

Readers, repairs, structure and the header stage all ask these questions of a line: does it
end a sentence, is it a heading and at which numbering level, is it a venue, speaker, byline,
dateline or source line. Keeping the answers here means a new pattern (another speaker title,
another date format) is one edit, and every stage sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import opencc

SENTENCE_END = "。！？；"  # ends a sentence (or a clause of an enumeration)
SENTENCE_MARK = re.compile(r"[。！？]|(?<=[\u3400-\u9fff])[!?]")  # a line holding one is text, not a header line or a
# title (web copy's ASCII ! and ? after a character count; a ? in an address does not)
TERMINAL = "。！？；：…”’」』）)!?;:"  # a line ending in one of these does not run on into the next
BYLINE_MARKS = ("◇", "□", "■", "●", "○", "◆")  # printed before a speaker's or reporter's name
HAN = re.compile(r"[\u3400-\u9fff]")
_CJK_NUMBER = "一二三四五六七八九十百零〇"
_NUMBER = f"[{_CJK_NUMBER}]+"

# Numbering styles of headings, outermost first: GB/T 9704's 一、（一）1.（1） under the parts,
# chapters and sections of plans and regulations. A document uses some of them; its outermost
# one is its top level.
NUMBERING: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第\s*(?:{_NUMBER}|\d+)\s*(?:部分|篇)")),
    ("chapter", re.compile(rf"^第\s*(?:{_NUMBER}|\d+)\s*章")),
    ("section", re.compile(rf"^第\s*(?:{_NUMBER}|\d+)\s*节")),
    ("cjk", re.compile(rf"^{_NUMBER}\s*(?:[、．]|\.(?!\d))")),  # 一、, and web copy's 一.
    ("cjk-paren", re.compile(rf"^[（(]\s*{_NUMBER}\s*[）)]")),
    ("arabic", re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))")),
    ("arabic-space", re.compile(r"^\d{1,2}[ \t\u3000]+(?=[\u3400-\u9fff])")),  # 1 总则, in emergency plans
    ("decimal", re.compile(r"^\d{1,2}(?:\.\d{1,2})+[ \t\u3000]*(?=[\u3400-\u9fff])")),  # 1.1 编制目的
    ("arabic-paren", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
    ("circled", re.compile(r"^[①-⑳]")),
)
STYLE_RANK = {name: rank for rank, (name, _) in enumerate(NUMBERING)}
ITEM = re.compile(rf"^{_NUMBER}是")  # 一是…, 二是… opening a paragraph
CONTENTS = re.compile(r"^\**\s*目\s*[录錄]\s*\**$")  # the heading of a table of contents
CAPTION = re.compile(r"^(?:图|表|附表|附图)\s*\d+")  # 图1:…, 表1 …: a caption, never a heading
IMAGE_NAMES = re.compile(r"^(?:[^\s。，,；;]*?\.(?:png|jpe?g|gif|bmp|webp))+$", re.I)  # 已处理…微信截图_2021….png: a page's images
PHOTO_CREDIT = re.compile(r"(?:供图|[ \u3000]摄|摄影)[)）]?$")  # …有序发展。市委统战部供图: a caption ends so, complete
CONTINUATION = re.compile(r"^(?:上接|接上)\s*(?:第\s*)?([A-Z]?\d+)\s*版")
FIRST_SENTENCE = re.compile(r"^.+?[。；！？]")
_SENTENCE = re.compile(r"[^。！？]+[。！？]?")

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_SINGLE = r"(?<![\u3400-\u9fff])[\u3400-\u9fff](?![\u3400-\u9fff])"  # one Chinese character standing alone
_LETTER_SPACED = re.compile(_SINGLE + r"(?:[ \t\u3000\u00a0]+" + _SINGLE + ")+")


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """The text in Simplified characters, position for position, for asking these rules (and the
    term base) about a text in Traditional ones: 統計公報 is a 统计公报, 億元 are 亿元. Never for what
    is shown. Where a conversion would change the length, the text as it is."""
    converted = str(_to_simplified().convert(text))
    return converted if len(converted) == len(text) else text


def script(text: str) -> str:
    """zh-Hant for a text in Traditional characters (more than one Chinese character in twenty is
    not the Simplified one), else zh-Hans."""
    han = HAN.findall(text)
    changed = sum(a != b for a, b in zip(han, str(_to_simplified().convert("".join(han)))))
    return "zh-Hant" if han and changed > len(han) / 20 else "zh-Hans"


_GAP = re.compile(r"[ \t\u3000\u00a0]+")


def glued_heading(text: str, heading: Callable[[str], bool]) -> tuple[int, int] | None:
    """Where the space is that glues a heading to the paragraph after it on one line, as a page that
    lost its line breaks leaves them (一、综 合 根据江门市统计局…): the first space that is not
    letter-spacing, or the first after a bare number (一、 综合 根据…, 第一章 总则 第一条…), when
    `heading` holds for what stands before it (letter-spacing removed) and a sentence follows. Never
    inside bold text (it would split the markers). None when the line does not open so."""
    spaced = [m.span() for m in _LETTER_SPACED.finditer(text)]
    for gap in _GAP.finditer(text, 0, 62):
        if any(start < gap.start() and gap.end() < end for start, end in spaced):
            continue
        head, rest = collapse(text[:gap.start()]), text[gap.end():]
        if bare_number(head):
            continue
        if (heading(head) and len(rest) >= 20 and any(mark in rest for mark in SENTENCE_END)
                and text[:gap.start()].count("**") % 2 == 0):
            return gap.span()
        return None
    return None


def bare_number(text: str) -> bool:
    """A numbering with nothing after it: 一、, （一）, 第一章, 1, 1.1."""
    text = text.strip("*").strip()
    return bool(re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*\.?", text)) or any(
        (m := pattern.match(text)) is not None and m.end() == len(text) for _, pattern in NUMBERING)


def ends_sentence(text: str) -> bool:
    return text.rstrip("*").endswith(tuple(TERMINAL))


def sentences(text: str) -> list[str]:
    return [m.group() for m in _SENTENCE.finditer(text)]


def collapse(text: str) -> str:
    """Trimmed, with runs of spaces (full-width ones too) as one space, and letter-spacing
    removed: 政 府 工 作 报 告 is 政府工作报告, 第一章　总　则 is 第一章 总则."""
    def join(match: re.Match[str]) -> str:
        return _SPACES.sub("", match.group())
    return _SPACES.sub(" ", _LETTER_SPACED.sub(join, _SPACES.sub(" ", text.strip())))


def numbering(text: str) -> str | None:
    """The numbering style a line opens with (`cjk` for 一、, `chapter` for 第一章 …), if any."""
    for name, pattern in NUMBERING:
        if pattern.match(text):
            return name
    return None


DOCUMENT_WORDS = ("报告|公报|纲要|规划|计划|通知|通告|公告|意见|办法|规定|方案|决定|决议|讲话|解读|细则|条例|答记者问|问答|函|批复|"
                  "说明|贺辞|贺词|致辞|慰问信|公开信|拜年信|感谢信|贺信|倡议书")  # the last word of a document's title
_NAMES_DOCUMENT = re.compile(f"(?:{DOCUMENT_WORDS})$")


def is_heading_like(text: str) -> bool:
    """An unnumbered title line: wholly bold, or short with no sentence punctuation; longer when
    it names one document (懷化市貫徹落實《…若干政策措施》實施方案), not a list or a label (附件：…、…)."""
    if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
        return True
    text = re.sub(r"[（(][^（()）]{1,12}[）)]$", "", text)  # …应急预案(试行), …报告（节选）
    fits = len(text) <= 40 or len(text) <= 80 and not re.search("[、:：]", text) and bool(_NAMES_DOCUMENT.search(simplified(text)))
    return bool(text) and fits and not re.search(r"[。！？，；,;]", text) and not text.endswith(tuple(TERMINAL))


def is_numbered_heading(text: str) -> bool:
    """A numbered line standing on its own: 一、预算收支情况, （一）加强组织领导。, 第一章 总则.

    Not one that runs on into a sentence (1.收入情况。2023年…: a paragraph with a run-in lead).
    """
    text = text.strip("*").strip()
    if numbering(text) is None or len(text) > 60 or text.endswith(("：", ":", "，", ",")) or is_table_row(text):
        return False
    inner = text[:-1] if text.endswith("。") else text
    return not re.search(r"[。！？；;!?]", inner) and len(re.findall(r"[，,]", inner)) < 3  # three commas: a sentence


def is_table_row(text: str) -> bool:
    """A row of a table as text (cells between | bars): data, never a heading or a run-on line."""
    return text.count("|") >= 2


def is_date_line(text: str) -> bool:
    """A line that is only a date: 2020年10月28日, 2011-02-01, or one that lost its 年月日 ({ 2017 6 23)."""
    bare = re.sub(r"[\s{}（）()]", "", _WEEKDAY.sub("", text.strip()))  # 2012年9月27日(星期四)
    return bool(bare) and (bool(DATE.fullmatch(bare) or NUMERIC_DATE.fullmatch(bare)) or bool(LOST_DATE.fullmatch(text.strip())))


def is_signature(blocks_text: list[str], i: int) -> bool:
    """The office signing a notice, or the date under it: 太湖县人民政府 / 2019年1月17日."""
    def at(k: int) -> str:
        return blocks_text[k].strip() if 0 <= k < len(blocks_text) else ""

    def office(k: int) -> bool:
        return is_organisation(at(k))

    def aside(k: int) -> bool:  # （此件公开发布） between the office and the date
        return at(k).startswith(("(", "（")) and at(k).endswith((")", "）"))

    here = at(i)
    if office(i):
        return is_date_line(at(i + 1)) or aside(i + 1) and is_date_line(at(i + 2))
    return is_date_line(here) and (office(i - 1) or aside(i - 1) and office(i - 2))


def is_heading_line(text: str) -> bool:
    """Any heading standing on its own, numbered or not."""
    return is_numbered_heading(text) or is_heading_like(text)


# --- header lines ----------------------------------------------------------------------------

_CJK_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_YEAR_CJK = "〇○Ｏ零一二三四五六七八九"
DATE = re.compile(r"(?P<y>\d{4}|[" + _YEAR_CJK + r"]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
                  r"(?:\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?")
NUMERIC_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
VENUE = re.compile(r"^[（(]?\s*[—–－-]*\s*(?P<date>" + DATE.pattern + r")?\s*在(?P<venue>.+?)上(?P<what>的?[\u3400-\u9fff]{0,6})?\s*[）)]?$")
VENUE_START = re.compile(r"^[（(]?\s*[—–－-]*\s*(?:" + DATE.pattern + r")\s*在")


def broken_venue(first: str, second: str) -> bool:
    """A venue line the page broke in two (——2023年8月29日在某区人民代表大会 / 常务委员会第十二次会议上)."""
    return not VENUE.match(first) and bool(VENUE.match(first + second))


_OFFICE = (r"(?:市长|代市长|副市长|省长|代省长|副省长|区长|代区长|副区长|县长|代县长|副县长|州长|盟长|旗长|镇长|"
           r"局长|副局长|主任|副主任|书记|副书记|主席|副主席|部长|副部长|厅长|副厅长|委员|秘书长|行长|院长|检察长|署长|总理)")
SPEAKER = re.compile(r"^[" + "".join(BYLINE_MARKS) + r"]?\s*(?P<who>[\u3400-\u9fff（）()]{0,24}" + _OFFICE
                     + r"[ \t\u3000]*[\u3400-\u9fff·]{2,4})$")
SPEECH_LEAD = re.compile(r"^以下是(?P<who>[\u3400-\u9fff（）()]{0,24}" + _OFFICE + r"(?!今日|今天|昨日|昨天|日前)[\u3400-\u9fff·]{2,4}?)"
                         r"(?:今日|今天|昨日|昨天|日前|在|于|[（(])")  # a press release's 以下是某局局长某某今日在…的致辞全文
_ACTIONS = r"(?:打印本页|打印此页|列印此页|打印|列印|关闭窗口|关闭本页|关闭|返回顶部|回到顶部|分享到[:：]?|收藏本页|收藏)"
PAGE_ACTIONS = re.compile(rf"^(?:[【\[［]?\s*{_ACTIONS}\s*[】\]］]?\s*)+$")  # 列印此頁, 【打印】【关闭】: the page's links
_WEEKDAY = re.compile(r"[（(]?(?:星期|礼拜|禮拜|周|週)[一二三四五六日天][）)]?$")
ORGANISATION = re.compile(r"^[\u3400-\u9fff（）()]{2,30}(?:人民政府|政府办公室|政府办公厅|办公室|办公厅|委员会|财政局|统计局|局|厅|部|委|"
                          r"署|院|中心|管委会|管理委员会|办事处|调查队|大队|支队|派出所|报社|集团)$")


def is_organisation(text: str) -> bool:
    """An office's name on a line of its own (江门市人民政府, 懷化市人民政府辦公室), in either script
    (converted only when short enough to be one: it is asked of every paragraph)."""
    text = collapse(text)
    return len(text) <= 35 and bool(ORGANISATION.match(simplified(text)))


BYLINE = re.compile(r"^[" + "".join(BYLINE_MARKS) + r"]?\s*(?:文[/／]|图[/／]|本报(?:讯|记者)|记者|通讯员|作者[:：]|撰稿|"
                    r"[\u3400-\u9fff]{2,8}(?<!答)(?:日报|晚报|报|新闻网|新华社)?记者)(?!问)")  # not 负责人答记者问
_ANY_DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|" + DATE.pattern.replace("?P<y>", "").replace("?P<m>", "").replace("?P<d>", "")
_TIME = r"(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"  # 08:00, after a date
PAPER_DATELINE = re.compile(r"^(?P<paper>[\u3400-\u9fff]{2,10}(?:日报|晚报|早报|商报|时报|(?<![通简情快公汇周年月])报))\s+(?:"
                            + _ANY_DATE + ")" + _TIME + "$")  # 江门日报 2021-01-29 08:00, over an article


def is_byline(text: str) -> bool:
    """A line naming who wrote or photographed the piece (文/张三, 记者 李四 通讯员 王五), in either script."""
    text = text.strip()
    return len(text) <= 40 and not SENTENCE_MARK.search(text) and bool(BYLINE.match(simplified(text)))


SOURCE = re.compile(r"(?:来源|稿源|信息来源|出处)\s*[:：]\s*(?P<source>(?![\u3400-\u9fff]{2,6}[:：])[^\s|丨]+)")  # not the next label (关键词:)
DATELINE = re.compile(r"^(?:(?:发布|发表|更新|成文)(?:时间|日期)\s*[:：]\s*)?(?P<date>" + _ANY_DATE + ")" + _TIME)
SALUTATION = re.compile(r"^[\u3400-\u9fff、，,（）()\s]{2,80}[:：]$")
ADDRESSEES = re.compile(r"^各[\u3400-\u9fff、，,（）()\s]{2,80}[:：]?$")  # 各乡镇人民政府，县级有关部门：
LOST_DATE = re.compile(r"^\W*(?P<y>(?:19|20)\d{2})\s+(?P<m>\d{1,2})\s+(?P<d>\d{1,2})\W*$")  # 年月日 lost in extraction
NEWS_DATELINE = re.compile(r"^(?P<agency>[\u3400-\u9fff]{2,6}社)[\u3400-\u9fff]{0,6}?(?:\d{1,2}|[一二三四五六七八九十]{1,2})月"
                           r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日电\s*(?:题\s*[:：])?")
LEAD_BYLINE = re.compile(r"^(?P<paper>\S{0,12}?)讯\s*[（(]?\s*(?P<who>[^）)：:，,。]{0,40}?(?:记者|通讯员)[^）)：:，,。]{1,30}?)"
                         r"(?:摄影报道|摄影|报道)?\s*[）):：]")
_ADDRESSEES = ("各位", "同志们", "代表", "委员", "朋友", "女士们", "先生们", "主任")


def _number(text: str) -> int:
    """12, 一二 (as in a year), 十二, 二十一: the value of a date part."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CJK_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CJK_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(_CJK_DIGITS[c]) for c in text))


def parse_date(text: str) -> str:
    """The first date written in a line, as ISO (2021-02-04, or 2021-02 without a day); "" if none."""
    for pattern in (DATE, NUMERIC_DATE, LOST_DATE):
        match = pattern.search(text)
        if match:
            try:
                year, month = _number(match.group("y")), _number(match.group("m"))
                day = _number(match.group("d")) if match.group("d") else 0
            except KeyError:
                continue
            if 1 <= month <= 12 and day <= 31:
                return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return ""


def is_salutation(text: str) -> bool:
    """各位代表：, 主任、各位副主任、秘书长、各位委员：, 同志们："""
    text = text.strip()
    return bool(SALUTATION.match(text)) and any(word in text for word in _ADDRESSEES) or bool(ADDRESSEES.match(text))
