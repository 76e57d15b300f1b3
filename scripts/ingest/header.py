"""Stage 3a: the header of a document, before its body: title, venue, speaker, byline, dateline.

A report opens with its title (sometimes broken over two lines, sometimes letter-spaced), a
venue line (——2021年2月4日在佛山市第十五届人民代表大会第六次会议上), the speaker (佛山市市长 朱伟)
or the issuing office (南开区财政局), then the salutation (各位代表：), which is body text. A news
item opens with a dateline and source (2026-01-27 07:58 来源:佛山日报) and a byline. Web copy adds
page furniture: breadcrumbs, toolbars, index numbers, the title repeated. These lines are read
here into the document's header, each with its role, so they are shown in the page's header
block and feed its metadata instead of being taken for the title or the first paragraph.
Nothing is dropped: every header line, furniture included, is on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import chinese as zh
from ..model import Block, HeaderLine, Note

ROLES = ("title", "subtitle", "venue", "author", "issuer", "number", "dateline", "source", "byline", "furniture")
_TITLE_END = re.compile(rf"(?:{zh.DOCUMENT_WORDS}|[)）》”」])$")
_YEAR_TAG = re.compile(r"\s+(\d{4})$")  # an aggregator's "… 统计公报 2022"
_ARTICLE = re.compile(r"^第[一二三四五六七八九十\d]{1,3}篇\s*[:：]\s*")  # an aggregator's "第一篇:" before a title
APPROVAL = re.compile(r"^[（(]\s*(?P<date>" + zh.DATE.pattern + r")\s*(?:在)?(?P<venue>.+?)(?:上)?\s*"
                       r"(?:审议|表决)?(?:通过|批准)\s*[）)]$")
_FURNITURE = re.compile(r"[>＞»|]|^[•·▪]|^[\[【]|^[\u3400-\u9fff][\u3400-\u9fff ]{1,5}[:：]|当前(?:的)?位置|现在的位置|所在位置|^首\s*页|字体[:：]|分享到|打印|关闭|浏览次数|"
                        r"阅读量|责任编辑|选择区域|听全文|(?:未能|无法|無法|不能)播放|"
                        r"\.(?:xlsx?|docx?|pdf|wps|et|zip|rar|ofd)$|^[\d\s:./-]+$|发〔|〔\d{4}|^[\u3400-\u9fff ]{2,8}[:：].*"
                        r"[\u3400-\u9fff]{2,6}\s*[:：]")  # two "label:" fields: an index card
_DOC_NUMBER = re.compile(r"^[\u3400-\u9fff]{1,10}[〔\[［(（【]\d{4}[〕\]］)）】]\s*第?\s*\d{1,4}\s*号$")  # 发文字号
_MENU = re.compile(r"^[\u3400-\u9fff]{2,6}(?:[ \u3000]+[\u3400-\u9fff]{2,6}){3,}$|^(?=.*[网版][ \u3000])[\u3400-\u9fff]{2,6}"
                   r"(?:[ \u3000]+[\u3400-\u9fff]{2,6}){2}$")  # 走进鹤山 政务动态 …, 簡體版 寄給朋友 政府新聞網: a site's menu (not 担当作为 实干争先 勇毅前行)
_WELCOME = re.compile(r"^欢迎(?:您|来到|访问|光临)")
_BRACKETED = re.compile(r"^[（(][^（()）]{1,12}[）)]$")  # （摘要）
_TAG = re.compile(r"^[\u3400-\u9fff]{1,3}$")  # too short for a title
_SECTION_WORDS = {"前言", "序言", "引言", "导言", "后记", "结束语", "附件", "附录", "摘要", "公告", "通告", "通知", "贺信", "贺电", "倡议书"}
_GREETING = re.compile(r"^(?:亲爱的|尊敬的|各位)|们[，,]|大家好")
_HEADLINE = re.compile(r"^[^。；;]{6,40}[!！?？]$")  # an exclaiming headline, the commas of web copy and all
_DATED = re.compile(r"(?:成文|发布|发文|生成|公开)(?:日期|时间)\s*[\]】:：|\s]*\s*(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2})")
_TABLE_TITLE = {"文件名称", "名称", "标题", "文件标题"}


@dataclass(frozen=True)
class Header:
    lines: list[HeaderLine]
    title: str  # the source's own title, joined and with letter-spacing removed; "" if it has none
    held: list[Block] = field(default_factory=list)  # body text standing among the header lines (a photo caption)
    notes: list[Note] = field(default_factory=list)  # editorial notes on blocks that became header lines (a line has none)

    def first(self, role: str) -> HeaderLine | None:
        return next((line for line in self.lines if line.role == role), None)


def _plain(block: Block) -> str:
    return block.text.strip().strip("*").strip()


def role_of(text: str) -> str:
    """What a line at the top of a document is, or "" for body text."""
    text = text.strip()
    bare = text.lstrip("•·▪ ").strip()
    if _ARTICLE.match(bare) and ends_title(bare):
        return "title"  # 第一篇:江門市2011年政府工作報告: an aggregator's numbering of the texts it collects
    if zh.is_salutation(text) or zh.is_numbered_heading(text) or zh.CONTINUATION.match(text) or zh.CONTENTS.match(text):
        return ""  # (a table of contents is the body's: the title ends above 目录)
    if _DOC_NUMBER.match(zh.simplified(bare)):
        return "number"  # 江府〔2020〕8号: the document's own number, part of it, not the page's
    if _WELCOME.search(bare) or _MENU.match(bare) and not zh.is_byline(bare):
        return "furniture"  # 欢迎来到泸州市中医医院: the site greeting, not the office
    if _TAG.match(bare) and not ends_title(bare) and bare not in _SECTION_WORDS:
        return "furniture"  # a post's column or place tag: 时事, 政务, 广东
    if zh.NEWS_DATELINE.match(bare) and _title_like(bare[zh.NEWS_DATELINE.match(bare).end():]):  # type: ignore[union-attr]
        return "title"
    if zh.VENUE.match(bare) or zh.VENUE_START.match(bare) or APPROVAL.match(bare) or venue_after_title(bare):
        return "venue"
    if zh.SPEAKER.match(bare):
        return "author"
    if zh.DATELINE.match(bare.strip("()（） ")):
        return "dateline"
    if zh.SOURCE.search(bare) and len(bare) <= 40:
        return "source"
    if zh.PAPER_DATELINE.match(zh.simplified(bare)):
        return "source"
    if zh.is_byline(bare):
        return "byline"
    if bare.startswith(("——", "—", "--")) and len(bare) <= 60:
        return "subtitle"
    if zh.is_organisation(bare):  # 行政長官辦公室 too
        return "issuer"
    if _FURNITURE.search(bare) and not zh.SENTENCE_MARK.search(bare):  # a sentence is text, whatever it starts with
        return "furniture"
    if _title_like(text) and not text.startswith(("•", "·", "▪")):  # a list item of the page (breadcrumbs, links)
        return "title"
    if not zh.SENTENCE_MARK.search(text) and not re.search(r"[，,、；;]", text) and not text.endswith(("：", ":")):
        return "furniture"  # a line of the page, not of the text: no sentence, no clause in it, nor leading into one
    return ""


def table_title(text: str) -> str:
    """The title in a page's index card written as a table: 文件名称 | 汉滨区2025年政府工作报告 |."""
    cells = [zh.collapse(c).rstrip(":：") for c in text.split("|")]
    for label, value in zip(cells, cells[1:]):
        if label.replace(" ", "") in _TABLE_TITLE and value:
            return value
    return ""


def dated(text: str) -> str:
    """The date an index card gives (成文日期, 发布日期 …), as ISO; "" if none."""
    match = _DATED.search(text)
    return zh.parse_date(match.group("date")) if match else ""


def _title_like(text: str) -> bool:
    """A title may be longer than a heading and end in a bracket: （节选）, （征求意见稿）."""
    text = text.strip("*").strip()
    return (len(text) <= 80 and bool(zh.HAN.search(text)) and not re.search(r"[。！？；，,!?;]", text)
            and not text.endswith(("：", ":", "…")))


def _join_title(parts: list[str]) -> str:
    text = ""
    for part in parts:
        part = zh.collapse(part)
        text = text + (" " if text and text[-1].isascii() and part[0].isascii() else "") + part
    return text


def _strip_dateline(text: str) -> str:
    match = zh.NEWS_DATELINE.match(text)
    return text[match.end():] if match else text


def split_header(blocks: list[Block]) -> tuple[Header, list[Block]]:
    """The header lines at the top of the blocks, and the body after them (which the caller
    puts after `header.held`: body text found among the header lines).

    The header ends at the first line of body text: the salutation, a numbered heading, a
    sentence, or a Markdown heading that is not the document's one title.
    """
    markdown_titles = [b for b in blocks if b.heading in (1, 2)]
    lines: list[HeaderLine] = []
    titles: list[list[Block]] = []  # runs of title lines; the last run is the title
    held: list[Block] = []
    notes: list[Note] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.heading and not (block.heading == 1 and markdown_titles == [block]):
            break
        role = "title" if block.heading else role_of(_plain(block))
        if not role and _headline(block, blocks[i + 1:i + 4], lines):
            role = "title"  # a post's headline over its column, time and place (@全市人民,…给您拜年啦!)
        if not role and i + 1 < len(blocks) and len(_plain(block)) <= 40 and role_of(_plain(blocks[i + 1])) in ("title", "byline") \
                and zh.NEWS_DATELINE.match(_plain(blocks[i + 1]).lstrip()) and not zh.is_salutation(_plain(block)):
            held.append(block)  # a photo caption before the wire dateline: body text, kept in its place
            i += 1
            continue
        if not role:
            break
        broken = _broken_line(role, _plain(block), _plain(blocks[i + 1])) if i + 1 < len(blocks) else None
        if broken:
            lines.append(HeaderLine(*broken, block.lines + blocks[i + 1].lines))
            notes += [*block.notes, *blocks[i + 1].notes]
            i += 2
            continue
        if role == "venue" and not titles and venue_after_title(_plain(block)) and not zh.VENUE.match(_plain(block)):
            # 江门市2011年政府工作报告——2011年1月13日在…上, with no title line of its own: the part before —— is the title
            titles.append([Block(text=_plain(block)[:_plain(block).find("——")], lines=block.lines)])
        if role == "title" and lines and lines[-1].role in ("title", "venue") and _BRACKETED.match(_plain(block)):
            role = "subtitle"  # （摘要）, （2024年1月10日）: a note in brackets under the title
        if role == "title" and titles and any(line.role == "venue" for line in lines):
            # a title and its venue given: a title-like line after them heads the body (2011年工作安排),
            # unless more header lines follow it (a site's name over its dateline: page chrome)
            if not (i + 1 < len(blocks) and role_of(_plain(blocks[i + 1])) in ("dateline", "source", "author", "issuer")):
                break
            role = "furniture"
        if role == "title":
            text = _plain(block)
            previous = titles[-1] if titles and lines and lines[-1].role == "title" else None
            joined = _join_title([_plain(b) for b in previous]) if previous is not None else ""
            if previous is not None and not ends_title(joined) and zh.collapse(text) != joined \
                    and not _HEADLINE.match(joined) and not _HEADLINE.match(text):  # (the title again: not its end)
                previous.append(block)
            else:
                titles.append([block])
            lines.append(HeaderLine("title", text, block.lines))
        else:
            lines.append(HeaderLine(role, _plain(block), block.lines))
        notes += block.notes
        i += 1
    # not a site's tags (政务, 山西, 江门发布), but a short title that names its kind (新春贺信)
    runs = [run for run in titles if len(_title_text(run)) >= 5 or len(_title_text(run)) == 4 and ends_title(_title_text(run))]
    run = runs[-1] if runs else None  # the last: a page's own heading may stand above the title
    subtitle: set[int] = set()
    if len(runs) > 1 and runs[-1][0].lines[0] == runs[-2][-1].lines[-1] + 1 and ends_title(_title_text(runs[-2])) \
            and not ends_title(_title_text(runs[-1])) and len(_title_text(runs[-1])) < len(_title_text(runs[-2])):
        # a complete title, and right under it a shorter line that is not one: its subtitle (not a
        # kicker over a headline, 学习贯彻《政府工作报告》, nor a column's name over the title)
        run, subtitle = runs[-2], {n for b in runs[-1] for n in b.lines}
    title = _title_text(run) if run else next((t for t in map(table_title, (b.text for b in blocks[:i])) if t), "")
    if run:
        first = run[0].lines[0]
        before = [line for line in lines if line.lines[-1] < first]
        office = before[-1] if zh.simplified(title).startswith("关于") and before and before[-1].role == "issuer" else None
        if office:  # 发文机关 + 关于 + 事由 + 文种
            title = office.text + title
        chosen = {n for b in run for n in b.lines}
        lines = [line if line.role != "title" or line.lines[0] in chosen
                 else HeaderLine("subtitle" if line.lines[0] in subtitle else "furniture", line.text, line.lines)
                 for line in lines]
        # an office over the page's furniture above the title is the site's masthead (鹤山市人民政府 over
        # its menu), not who issued the text (offices right over the title are: a joint notice, 转发…)
        chrome = [line.lines[0] for line in lines if line.role == "furniture" and line.lines[0] < first]
        lines = [HeaderLine("furniture", line.text, line.lines) if line.role == "issuer" and line is not office
                 and any(line.lines[-1] < n for n in chrome) else line for line in lines]
    return Header(lines=lines, title=title, held=held, notes=notes), blocks[i:]


def _broken_line(role: str, first: str, second: str) -> tuple[str, str] | None:
    """One header line the page broke in two, as (role, text): a venue (——2023年8月29日在某区人民代表大会
    / 常务委员会第十二次会议上), or a speaker's office and name (江门市市长 / 吴晓晖)."""
    if role == "venue" and not APPROVAL.match(first) and zh.broken_venue(first, second):
        return "venue", first + second
    if role in ("title", "issuer") and not zh.SPEAKER.match(first) and zh.SPEAKER.match(f"{first} {second}"):
        return "author", f"{first} {second}"
    return None


def _headline(block: Block, below: list[Block], above: list[HeaderLine]) -> bool:
    """An exclaiming or asking headline (web copy's commas and all) over its post's time, with only
    page chrome above it: not a greeting, and not a sentence over its signature (an office, then
    the date)."""
    text, after = _plain(block), [role_of(_plain(b)) for b in below]
    return (bool(_HEADLINE.match(text)) and not _GREETING.search(text) and "dateline" in after
            and "issuer" not in after[:after.index("dateline")]
            and all(line.role == "furniture" or len(line.text) < 5 for line in above))


def _untagged(text: str) -> str:
    """A title without an aggregator's tags: its year (… 统计公报 2022, the year being the title's
    own) and its numbering of the texts it collects (第一篇:)."""
    text = _ARTICLE.sub("", text)
    tag = _YEAR_TAG.search(text)
    return text[:tag.start()] if tag and tag.group(1) in text[:tag.start()] else text


def venue_after_title(text: str) -> re.Match[str] | None:
    """The venue of a line that gives the title first: 政府工作報告——2011年1月13日在…會議上."""
    at = text.find("——")
    return zh.VENUE.match(text[at:]) if at > 0 and ends_title(text[:at]) else None


def ends_title(text: str) -> bool:
    """A complete title: it ends with a kind of document (报告, 公報 …) or a closing bracket, in
    either script, an aggregator's year tag aside."""
    return bool(_TITLE_END.search(zh.simplified(_untagged(text))))


def _title_text(run: list[Block]) -> str:
    """A title run joined: the news agency's dateline and an aggregator's year tag taken off."""
    return _untagged(_join_title([_strip_dateline(_plain(b)) for b in run]))
