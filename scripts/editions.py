"""The editions, described once, as data: where each lives, its language, its interface strings,
and how its text is made. Everything else is derived from `EDITIONS`: the pages of each edition,
the i18n block of the MkDocs configuration (`mkdocs_config`), the search indexes, the feeds.

Simplified Chinese is the source; Traditional Chinese is converted from it with OpenCC's
s2hk (Hong Kong standard: the written Chinese of Jiangmen's Cantonese- and Taishanese-speaking
diaspora in Hong Kong, Macau and the old Chinatowns of North America); English comes from the
translation memory (`translations/en/`). Adding an edition is one entry in `EDITIONS` (and, for a
translated one, its PO folder); see the README's "Add an edition".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import opencc

from .glossary import Glossary
from .ingest.repairs import OPERATIONS

OPENCC_CONFIG = "s2hk"

ZH_LABELS = {
    "colon": "：", "semicolon": "；", "comma": "、", "not_found": "页面不存在。请从首页查找：",
    "issuer": "发布机关", "author": "报告人／作者", "date": "日期", "venue": "会议", "publication": "刊物",
    "kind": "类别", "source": "原文文件", "excerpt": "节选说明", "licence": "版权与说明",
    "ed_note": "编者注", "source_said": "原文", "automatic": "（程序自动处理，未经编辑复核）",
    "continued": "上接 {page} 版：本文开头刊于 {page} 版，不在本站所收原文之内。",
    "editorial_title": "编者拟题", "permalink": "本段链接", "twin": "对照阅读",
    "notes_count": "本页共有 {n} 条编者注，说明对原文所作的每一处修复。",
    "inferred": "本页没有编目记录，以下元数据由程序从原文推断，尚未经编辑核对：", "title": "标题", "layout": "版式",
    "title_missing": "原文没有标题，暂以文件名代替",
    "layout_blank-line": "空行分段", "layout_one-per-line": "一行一段", "layout_hard-wrapped": "定宽折行（如从PDF提取）",
    "documents": "文件", "home_title": "江门公开文件读本", "latest": "最新文件", "all_documents": "全部文件（{n} 份）",
    "by_year": "按年份", "by_kind": "按类别", "by_issuer": "按发布机关", "archive_intro": "全部文件按年份、类别和发布机关排列，每类按日期由新到旧。",
    "page_n": "第 {n} 页", "undated": "未注日期", "no_issuer": "未注发布机关", "more_documents": "另有 {n} 份文件",
    "home_intro": "本站把江门市政府公开发布的报告和报刊文章整理成结构清晰、可检索的网页，并附术语注释和英文译稿。"
                  "原文的每一处修复都以“编者注”标明，并引出原文。",
    "glossary": "术语表", "glossary_intro": "本站文件中的政策术语、统计指标、机构和地名，按类别和拼音排列。"
                "每条列出英文译名及其来源、释义，以及它在各文件中出现的段落。",
    "term_en": "英文", "term_zh": "中文", "term_hant": "繁体", "term_hans": "简体", "term_pinyin": "拼音", "term_aliases": "又作", "term_explain": "释义",
    "term_explain_other": "English", "term_source": "译名来源", "term_official": "官方译名",
    "term_working": "本站试译（未见官方译名）", "term_occurs": "出现于", "term_short": "简称",
    "gap_mark": "〔原文缺文〕", "lines": "原文行号", "repaired": "改为",
    "parallel": "中英对照", "parallel_of": "中英对照：{title}", "parallel_intro": "左栏为中文原文（经编者修复），右栏为英文译稿，逐段对齐。",
    "status_title": "翻译状态", "status_intro": "英文译稿逐段记录在翻译记忆（PO 文件）中。“团队草稿”为本站团队所拟、“机器草稿”为"
                    "机器翻译引擎所拟，均未经审校。",
    "status_doc": "文件", "reviewed": "已审校", "draft": "团队草稿", "machine": "机器草稿", "missing": "待译", "total": "合计",
    "figures": "主要数据", "figures_of": "主要数据：{title}",
    "figures_intro": "本页数据由程序从原文中提取，每一项都链接到原文段落，请以原文为准。",
    "figures_amounts": "金额（亿元）", "figures_growth": "增速（%）", "figures_table": "全部数据",
    "figures_indicator": "指标", "figures_period": "时期", "figures_value": "数值", "figures_change": "增减",
    "figures_source": "出处", "figures_download": "下载数据（JSON）", "figures_none": "未从原文中提取到数据。",
    "figures_sort": "点击表头排序",
    "status_draft": "团队草稿", "status_machine": "机器草稿", "status_reviewed": "已审校", "status_missing": "待译",
}

EN_LABELS = {
    "colon": ": ", "semicolon": "; ", "comma": ", ", "not_found": "Page not found. Start again from the home page:",
    "issuer": "Issued by", "author": "Delivered by / author", "date": "Date", "venue": "Meeting", "publication": "Publication",
    "kind": "Kind", "source": "Source file", "excerpt": "Excerpt", "licence": "Rights and notice",
    "ed_note": "Editor's note", "source_said": "Source", "automatic": "(made automatically by the pipeline, not yet reviewed by an editor)",
    "continued": "Continued from page {page}: the beginning of this article is on page {page}, which is not among our sources.",
    "editorial_title": "Title supplied by the editors", "permalink": "Link to this paragraph", "twin": "Side by side",
    "notes_count": "Editor's notes on this page: {n}, one for every repair made to the source text.",
    "title_missing": "the text has none; its file name stands in until an editor gives one",
    "inferred": "This document has no catalogue entry yet: the pipeline inferred this metadata from the text, and no "
                "editor has checked it:", "title": "Title", "layout": "Layout",
    "layout_blank-line": "paragraphs separated by blank lines", "layout_one-per-line": "one paragraph per line",
    "layout_hard-wrapped": "lines wrapped at a fixed width (as extracted from a PDF)",
    "documents": "Documents", "home_title": "Jiangmen Public Documents Reader", "latest": "Latest documents",
    "all_documents": "All documents ({n})", "by_year": "By year", "by_kind": "By kind", "by_issuer": "By issuer",
    "archive_intro": "Every document, by year, by kind and by issuer, newest first.", "page_n": "page {n}",
    "undated": "undated", "no_issuer": "issuer not given", "more_documents": "and {n} more documents",
    "home_intro": "Reports and newspaper articles published by Jiangmen, Guangdong, in Chinese only, turned into structured, "
                  "searchable pages with glossary notes and English drafts. Every repair of the source is marked as an editor's note.",
    "glossary": "Glossary", "glossary_intro": "Policy terms, statistics, institutions and places in our documents, by category, "
                "alphabetical by English. Each entry gives the Chinese, pinyin, the source of the English rendering, an "
                "explanation and the paragraphs where the term occurs.",
    "term_en": "English", "term_zh": "Chinese", "term_hant": "Traditional", "term_hans": "Simplified", "term_pinyin": "Pinyin", "term_aliases": "Also written", "term_explain": "Explanation",
    "term_explain_other": "释义", "term_source": "Rendering", "term_official": "Official rendering",
    "term_working": "Working rendering (no official one found)", "term_occurs": "Occurs in", "term_short": "short",
    "gap_mark": "[text missing in the source]", "lines": "Source lines", "repaired": "corrected to",
    "parallel": "Side by side", "parallel_of": "Side by side: {title}", "parallel_intro": "Chinese source (as repaired by the editors) "
                "on the left, the English draft on the right, paragraph by paragraph.",
    "status_title": "Translation status", "status_intro": "The English text is kept paragraph by paragraph in a translation memory "
                    "(PO files). A team draft was written by our team, a machine draft by a machine translation engine; "
                    "neither has been reviewed yet.",
    "status_doc": "Document", "reviewed": "Reviewed", "draft": "Team draft", "machine": "Machine draft", "missing": "Pending",
    "total": "Total",
    "figures": "Key figures", "figures_of": "Key figures: {title}",
    "figures_intro": "These figures were extracted from the source text by the pipeline; each links to its paragraph. "
                     "The Chinese text is authoritative.",
    "figures_amounts": "Amounts (billion yuan)", "figures_growth": "Growth rates (%)", "figures_table": "All figures",
    "figures_indicator": "Indicator", "figures_period": "Period", "figures_value": "Value", "figures_change": "Change",
    "figures_source": "Source", "figures_download": "Download the data (JSON)",
    "figures_none": "No figures were found in the source.", "figures_sort": "Select a column heading to sort",
    "banner": "<strong>Draft translation.</strong> This English text is a draft written by our team or by a machine "
              "translation engine from the Chinese source; it is not an official translation. Reviewed: {reviewed} of {total} "
              "passages ({share}); team drafts: {draft}; machine drafts: {machine}; pending: {missing}. "
              "The Chinese text is authoritative.",
    "pending": "Translation pending: the Chinese text is shown.",
    "status_draft": "team draft", "status_machine": "machine draft", "status_reviewed": "reviewed", "status_missing": "pending",
}

# The notes the stages themselves make; an editorial operation's notes are labelled by the
# operation (scripts/ingest/repairs.py).
STAGE_NOTES = {
    "zh": {"emphasis": "粗体标记", "furniture": "网页附带文字", "inferred": "程序推断"},
    "en": {"emphasis": "stray bold markers", "furniture": "web page furniture", "inferred": "inferred metadata"},
}


def note_kinds(lang: str) -> dict[str, str]:
    """What an edition in `lang` calls each kind of editorial note (English where `lang` has none)."""
    ops = {name: op.labels.get(lang, op.labels["en"]) for name, op in OPERATIONS.items()}
    return ops | STAGE_NOTES.get(lang, STAGE_NOTES["en"])


KINDS = {
    "zh": {"government-work-report": "政府工作报告", "newspaper-page": "报纸版面", "budget-report": "预算报告",
           "statistical-communique": "统计公报", "plan": "规划与计划", "notice": "通知与政策文件", "policy-explainer": "政策解读",
           "news": "新闻", "speech": "讲话", "document": "文件"},
    "en": {"government-work-report": "Government work report", "newspaper-page": "Newspaper page",
           "budget-report": "Budget report", "statistical-communique": "Statistical communiqué", "plan": "Plan",
           "notice": "Notice or policy document", "policy-explainer": "Policy explainer", "news": "News",
           "speech": "Speech", "document": "Document"},
}
CATEGORY_NAMES = {
    "zh": {"programme": "政策项目", "policy": "政策概念", "statistic": "统计指标", "slogan": "提法与口号",
           "political": "党政术语", "place": "地名", "institution": "机构", "enterprise": "企业", "event": "活动与会议"},
    "en": {"programme": "Policy programmes", "policy": "Policy concepts", "statistic": "Statistics",
           "slogan": "Slogans and formulations", "political": "Party and political terms", "place": "Places",
           "institution": "Institutions", "enterprise": "Enterprises", "event": "Events"},
}


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC(OPENCC_CONFIG)


# Phrases OpenCC converts wrongly in our texts (it reads 个中 as 箇中 "therein", and 干 in 促干 as
# 乾 "dry"), written in Traditional before OpenCC sees them. Add to it when a test or a reader
# finds another; tests/test_editions.py checks each.
PHRASES = {"个中": "個中", "促干": "促幹", "干的": "幹的"}
_PHRASE = re.compile("|".join(map(re.escape, PHRASES)))


@cache
def to_traditional(text: str) -> str:
    return _converter().convert(_PHRASE.sub(lambda m: PHRASES[m.group()], text))


def _same(text: str) -> str:
    return text


# The site's section names in mkdocs.yml `nav`, as each Chinese edition shows them.
ZH_NAV = {"Home": "首页", "Documents": "文件", "About": "关于本站", "Glossary": "术语表", "Parallel": "中英对照",
          "Figures": "主要数据", "Translation status": "翻译状态"}
EN_NAV = {"Parallel": "Side by side", "Figures": "Key figures"}


@dataclass
class Edition:
    """One language edition: where it lives, its language, its interface strings, how its text is made."""

    code: str  # static-i18n locale and Material's interface language; pages are `<name>.<code>.md` outside the root
    html_lang: str  # BCP 47, in <html lang> and every lang attribute
    name: str  # in the language menu, in its own language
    folder: str  # "" for the edition at the site root, else its folder under site/
    og_locale: str  # Open Graph locale, for link previews
    labels: dict[str, str]
    note_kinds: dict[str, str]
    kinds: dict[str, str]
    categories: dict[str, str]
    nav: dict[str, str] = field(default_factory=dict)  # section names (mkdocs.yml `nav`) in this edition
    site_name: str = ""  # the site's name in this edition, where it differs from mkdocs.yml's
    search_ui: str = ""  # the language of the search dialog's own strings, where Pagefind names it otherwise
    convert: Callable[[str], str] = _same  # for Chinese editions: Simplified -> this edition's script
    target: str = ""  # the memory's language (translations/<target>/) for an edition whose text comes from it
    glossary: Glossary | None = None
    first_only: bool = True  # annotate a term's first occurrence in each section, not every one
    memory: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # slug -> context -> (text, status)

    @property
    def translated(self) -> bool:
        """Body text comes from the translation memory (not from the source, converted or not)."""
        return bool(self.target)

    @property
    def as_written(self) -> bool:
        """Body text is the source's own characters (neither translated nor converted)."""
        return not self.translated and self.convert is _same

    @property
    def suffix(self) -> str:
        return f".{self.code}" if self.folder else ""

    @property
    def prefix(self) -> str:
        """The edition's path under the site root: "" or "<folder>/"."""
        return f"{self.folder}/" if self.folder else ""


def _traditional(table: dict[str, str]) -> dict[str, str]:
    return {k: to_traditional(v) for k, v in table.items()}


# The editions, the source edition first. A new one is a new entry here.
EDITIONS: list[Callable[[], Edition]] = [
    lambda: Edition("zh", "zh-Hans", "简体中文", "", "zh_CN", dict(ZH_LABELS), note_kinds("zh"), KINDS["zh"],
                    CATEGORY_NAMES["zh"], nav=ZH_NAV, search_ui="zh-cn"),
    lambda: Edition("en", "en", "English", "en", "en_US", dict(EN_LABELS), note_kinds("en"), KINDS["en"],
                    CATEGORY_NAMES["en"], nav=EN_NAV, site_name="Jiangmen Public Documents Reader", target="en"),
    lambda: Edition("zh-Hant", "zh-Hant", "繁體中文", "zh-Hant", "zh_HK", _traditional(ZH_LABELS),
                    _traditional(note_kinds("zh")), _traditional(KINDS["zh"]), _traditional(CATEGORY_NAMES["zh"]),
                    nav=_traditional(ZH_NAV), site_name="江門公開文件讀本", search_ui="zh-tw",
                    convert=to_traditional),
]


def editions() -> list[Edition]:
    """Fresh Edition objects (the pipeline fills in the glossary and memory of each)."""
    return [make() for make in EDITIONS]


def targets() -> list[str]:
    """The languages of the translation memory: one PO folder each."""
    return list(dict.fromkeys(ed.target for ed in editions() if ed.translated))


def mkdocs_config(eds: list[Edition]) -> dict:
    """What MkDocs needs to know of the editions, which mkdocs.yml inherits (its `INHERIT`): the
    static-i18n languages and, for overrides/main.html, each edition's folder, Open Graph locale and
    search dialog language."""
    languages = []
    for i, ed in enumerate(eds):
        entry: dict = {"locale": ed.code, "name": ed.name, "build": True}
        if i == 0:
            entry["default"] = True
        if ed.site_name:
            entry["site_name"] = ed.site_name
        if ed.nav:
            entry["nav_translations"] = ed.nav
        languages.append(entry)
    return {"plugins": [{"i18n": {"docs_structure": "suffix", "languages": languages}}],
            "extra": {"editions": {ed.code: {"prefix": ed.prefix, "og_locale": ed.og_locale,
                                             "search_ui": ed.search_ui or ed.html_lang} for ed in eds}}}
