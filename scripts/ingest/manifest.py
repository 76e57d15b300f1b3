"""Source metadata: the manifest's entry for a file, or what can be inferred from its text.

Adding a document is dropping a `.txt` into `seeds/`; the manifest is optional. Without an
entry we guess title and date from the text and say so, loudly, but still build the page.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypinyin import lazy_pinyin

from .. import chinese
from ..datafiles import LINE, load_yaml
from ..model import Block, Meta, SourceError
from .header import APPROVAL, Header, dated, venue_after_title

FIELDS = {"slug", "title", "subtitle", "date", "issuer", "author", "venue", "publication",
          "kind", "language", "licence", "excerpt", "summary"}
REQUIRED = {"title", "date"}
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_manifest(path: Path) -> dict[str, dict]:
    """The manifest as {source file name: entry}; unknown fields are errors with their line."""
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise SourceError(path, "the manifest must map source file names to entries", line=1)
    entries = {}
    for name, entry in data.items():
        if name == LINE:
            continue
        if not isinstance(entry, dict):
            raise SourceError(path, f"entry {name!r} must be a mapping", line=data[LINE])
        line = entry.get(LINE)
        unknown = set(entry) - FIELDS - {LINE}
        if unknown:
            raise SourceError(path, f"{name}: unknown field(s) {', '.join(sorted(unknown))}", line=line)
        missing = REQUIRED - set(entry)
        if missing:
            raise SourceError(path, f"{name}: missing field(s) {', '.join(sorted(missing))}", line=line)
        empty = sorted(k for k, v in entry.items() if k != LINE and (v is None or isinstance(v, (list, dict)) or not str(v).strip()))
        if empty:
            raise SourceError(path, f"{name}: field(s) {', '.join(empty)} must be text (remove them if unknown)", line=line)
        entry = {k: str(v).strip() for k, v in entry.items() if k != LINE}
        if not _ISO.match(entry["date"]) or not _real_date(entry["date"]):
            raise SourceError(path, f"{name}: date {entry['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD (a real date)",
                              line=line)
        if "slug" in entry and not SLUG.match(entry["slug"]):
            raise SourceError(path, f"{name}: slug {entry['slug']!r} must be lower-case letters, digits and hyphens "
                              "(it names files and addresses)", line=line)
        if "language" in entry and not LANGUAGE.match(entry["language"]):
            raise SourceError(path, f"{name}: language {entry['language']!r} must be a language tag such as zh-Hans or "
                              "zh-Hant (it is written into the pages' lang attributes)", line=line)
        entries[str(name)] = {**entry, LINE: line}
    return entries


SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")  # BCP 47


def _real_date(iso: str) -> bool:
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def slug_for(source: Path) -> str:
    """The file name in lower-case ASCII; Chinese in pinyin (江门市2027年报告 -> jiang-men-shi-2027-nian-bao-gao)."""
    latin = " ".join(lazy_pinyin(source.stem))
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")[:80].strip("-") or "document"


KIND_WORDS = (  # the first of these a title ends with, or contains, names the kind of document
    ("government-work-report", ("政府工作报告",)),
    ("budget-report", ("预算", "决算")),
    ("statistical-communique", ("统计公报",)),
    ("policy-explainer", ("解读", "答记者问", "问答")),
    ("plan", ("规划", "计划", "纲要")),
    ("notice", ("通知", "通告", "公告", "意见", "办法", "规定", "方案", "细则", "决定", "条例", "规则", "预案")),
    ("speech", ("讲话", "致辞", "贺辞", "贺词")),
)


def infer(header: Header, blocks: list[Block]) -> dict[str, str]:
    """Guess metadata from the header lines (title, venue, speaker, dateline, source, the page's
    index card) and the body (the office signing a notice and its date, a news lead's byline)."""
    found: dict[str, str] = {}
    if header.title:
        found["title"] = header.title if len(header.title) <= 80 else header.title[:80] + "…"
    dates: dict[str, str] = {}
    for line in header.lines:
        bare = line.text.lstrip("•·▪ ").strip()
        venue = chinese.VENUE.match(bare) or APPROVAL.match(bare) or venue_after_title(bare)
        if line.role == "venue" and venue:
            found.setdefault("venue", re.sub(r"^在", "", venue.group("venue")).strip())
            dates.setdefault("venue", chinese.parse_date(venue.group("date") or ""))
        elif line.role == "author":
            found.setdefault("author", chinese.collapse(chinese.SPEAKER.match(bare).group("who")))  # type: ignore[union-attr]
        elif line.role == "byline":
            found.setdefault("author", chinese.collapse(bare.lstrip("".join(chinese.BYLINE_MARKS))))
        elif line.role == "issuer":
            found.setdefault("issuer", chinese.collapse(bare))
        elif line.role == "title" and chinese.NEWS_DATELINE.match(bare):
            found.setdefault("publication", chinese.NEWS_DATELINE.match(bare).group("agency"))  # type: ignore[union-attr]
        if line.role in ("dateline", "source"):
            source = chinese.SOURCE.search(bare) or chinese.PAPER_DATELINE.match(chinese.simplified(bare))
            if source:
                found.setdefault("source", bare[source.start(1):source.end(1)])  # as written, in either script
            dates.setdefault("dateline", chinese.parse_date(bare) or dates.get("dateline", ""))
        if line.role == "furniture" and dated(bare):
            dates.setdefault("card", dated(bare))
    texts = [b.text.strip() for b in blocks]
    signature = next((i for i in range(len(texts) - 1) if chinese.is_signature(texts, i)
                      and chinese.is_organisation(texts[i])), None)
    if signature is not None:  # the office signing a notice, before any letterhead or site name
        found["issuer"] = chinese.collapse(texts[signature])
        dates["signature"] = next(chinese.parse_date(t) for t in texts[signature + 1:signature + 3] if chinese.parse_date(t))
    ending = next((t for t in reversed(texts[-3:]) if chinese.is_date_line(t)), "")  # a release's date stamp at its foot
    dates["end"] = chinese.parse_date(chinese.simplified(ending))
    found["date"] = next((dates[k] for k in ("venue", "signature", "dateline", "card", "end") if dates.get(k)), "")
    title = chinese.simplified(found.get("title", ""))  # the words below in either script
    headings = {chinese.simplified(chinese.collapse(b.text)) for b in blocks if chinese.is_numbered_heading(b.text)}
    # a news lead (江门日报讯（记者 张三）…) makes news of it, whatever the headline names (热议政府工作报告)
    opening = [(t, chinese.simplified(t)) for t in texts[:3]]  # the first paragraphs, as written and as Simplified
    lead, lead_text = next(((m, t) for t, s in opening if (m := chinese.LEAD_BYLINE.match(s))), (None, ""))
    named = [kind for kind, words in KIND_WORDS if title.endswith(words)] + [kind for kind, words in KIND_WORDS if any(w in title for w in words)]
    found["kind"] = "news" if lead else next(iter(named), "")  # …纲要的通知 is a notice: the word it ends with first
    if not found["kind"] and "一、综合" in headings:  # every statistical communiqué opens with 一、综合
        found["kind"] = "statistical-communique"
    if not found["kind"] and any(re.search(r"向大会报告工作|向大会作政府工作报告", s) for _, s in opening):
        found["kind"] = "government-work-report"
    news = any(line.role in ("dateline", "source", "byline") for line in header.lines) or "publication" in found
    if not found["kind"] and news:
        found["kind"] = "news"  # (before the report's own words below: news reports reports too)
    if not found["kind"] and any(re.search(r"报告[^。，,]{0,30}(?:预算|决算)(?:草案|执行情况)", s) for _, s in opening):
        found["kind"] = "budget-report"  # 我向本次常委会会议报告汕尾市2018年市级决算草案
    found["kind"] = found["kind"] or "document"
    speech = next(((m, t.strip()) for t, s in opening if (m := chinese.SPEECH_LEAD.match(s.strip()))), None)
    if speech and not found.get("author"):  # 以下是商務及經濟發展局局長蘇錦樑今日…的致辭全文
        found["author"] = speech[1][speech[0].start("who"):speech[0].end("who")]
    source_name = found.pop("source", "")
    if found["kind"] == "news":
        found.setdefault("publication", source_name)
        if lead:
            found.setdefault("author", lead_text[lead.start("who"):lead.end("who")].strip())
            paper = re.sub(r"\d{1,2}月\d{1,2}日$", "", lead_text[lead.start("paper"):lead.end("paper")].strip())  # 江门日报1月8日讯
            if paper and not chinese.simplified(paper).startswith(("本报", "本刊", "本网", "本台")):  # "this paper"
                found["publication"] = found.get("publication") or paper
        if not found.get("author"):  # a byline line of its own after the lead: 文/…
            found["author"] = next((chinese.collapse(t) for t in texts[:8] if chinese.is_byline(t)), "")
    return {k: v for k, v in found.items() if v}


def meta_for(source: Path, header: Header, blocks: list[Block], manifest: dict[str, dict], layout: str = "") -> Meta:
    """The manifest's metadata for a source, or what the text lets us guess (listed in `inferred`)."""
    entry = manifest.get(source.name)
    inferred: tuple[str, ...] = ()
    if entry is None:
        entry = infer(header, blocks)
        inferred = tuple(k for k in ("title", "date", "kind", "issuer", "author", "venue", "publication") if k in entry)
        entry.setdefault("title", source.stem)  # no title in the text: the file's name, until an editor gives one (Meta.untitled)
    values = {"slug": slug_for(source), "language": chinese.script(" ".join(b.text for b in blocks)),
              **{k: v for k, v in entry.items() if k != LINE}}
    return Meta(source_file=source.name, layout=layout, inferred=inferred, **values)
