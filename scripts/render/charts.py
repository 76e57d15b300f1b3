"""The key-figures page of a document: charts drawn at build time (pygal, SVG) and a sortable table.

Charts are static SVG inside the page, with no script; every bar links to its paragraph, and
so does every row of the table. Amounts are shown in the reader's units: 亿元 in Chinese,
billion yuan in English.
"""

from __future__ import annotations

import hashlib
import json
import re

import pygal
from pygal.style import Style

from ..editions import Edition
from ..model import Document
from .figures import Figure, as_records, change_text, format_en, period_en
from .markup import esc, front_matter, md_heading, texts_for

STYLE = Style(background="transparent", plot_background="transparent", foreground="#555",
              foreground_strong="#333", foreground_subtle="#bbb", colors=("#00897b", "#e65100"),
              font_family="system-ui, 'Noto Sans CJK SC', sans-serif", label_font_size=13,
              major_label_font_size=13, value_font_size=12, title_font_size=15)
TOTAL = 1e6  # yuan: amounts from here on are totals, drawn together; a per-person sum stays in the table
LABEL = 36  # characters of a bar's label beside the chart (the bar's own text keeps it whole)


def _name(f: Figure, ed: Edition) -> str:
    if ed.translated:
        return f"{f.label_en} ({period_en(f.period)})" if f.period else f.label_en
    return ed.convert(f"{f.label_zh}（{f.period}）" if f.period else f.label_zh)


def _number(value: float) -> str:
    """4294, 429.4, 1,349,000: as a reader writes a number (never 1.349e+06)."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _svg(chart: pygal.graph.graph.Graph, key: str) -> str:
    chart.uuid = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]  # stable ids: byte-identical rebuilds
    svg = chart.render(is_unicode=True)
    svg = re.sub(r"<!--.*?-->", "", svg[svg.index("<svg"):])  # pygal's comments carry today's date
    return re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)  # pygal's config, for a script we do not load


def _bar_chart(title: str, rows: list[tuple[str, float, str]], key: str) -> str:
    """A horizontal bar per figure, each bar a link to its paragraph."""
    # pygal makes room for a label as if each character were a Latin letter; a Chinese one is about
    # twice as wide, so each gets 7 px more
    wide = max(sum(ord(ch) > 0x2E80 for ch in name[:LABEL]) for name, _, _ in rows)
    chart = pygal.HorizontalBar(style=STYLE, js=[], show_legend=False, width=760, height=60 + 30 * len(rows),
                                print_values=True, value_formatter=_number, truncate_label=-1,
                                margin_left=wide * 7, disable_xml_declaration=True, explicit_size=False)
    chart.x_labels = [name if len(name) <= LABEL else name[:LABEL - 1] + "…" for name, _, _ in reversed(rows)]
    chart.add(title, [{"value": value, "xlink": {"href": href, "target": "_self"}, "label": name}
                      for name, value, href in reversed(rows)])
    return f'<figure class="chart" role="img" aria-label="{esc(title)}">{_svg(chart, key)}</figure>'


def render_figures(doc: Document, figures: list[Figure], ed: Edition, document_href: str, data_href: str) -> str:
    L = ed.labels
    title = ed.labels["figures_of"].format(title=texts_for(doc, ed).plain("meta:title", doc.meta.title))
    # not searched: it repeats figures its document states, and a search leads to the document
    out = front_matter(title=title, search={"exclude": True}) + [f"# {md_heading(title)}", "", esc(L["figures_intro"]), "",
                                       f"[{L['figures_download']}]({data_href})", ""]
    if not figures:
        return "\n".join(out + [esc(L["figures_none"]), ""])
    money = [f for f in figures if f.unit == "元" and f.value is not None and f.value >= TOTAL]
    if money:
        scale = 1e9 if ed.translated else 1e8
        rows = [(_name(f, ed), round((f.value or 0.0) / scale, 4), f"{document_href}#{f.paragraph}") for f in money]
        out += [f"## {md_heading(L['figures_amounts'])}", "",
                _bar_chart(L["figures_amounts"], rows, f"{doc.meta.slug}-{ed.code}-money"), ""]
    growth = [f for f in figures if f.change is not None and f.change_unit == "%"]
    if growth:
        rows = [(_name(f, ed), f.change or 0.0, f"{document_href}#{f.paragraph}") for f in growth]
        out += [f"## {md_heading(L['figures_growth'])}", "",
                _bar_chart(L["figures_growth"], rows, f"{doc.meta.slug}-{ed.code}-growth"), ""]
    out += [f"## {md_heading(L['figures_table'])}", "", f'<p class="sort-hint">{esc(L["figures_sort"])}</p>', "",
            _table(figures, ed, document_href), ""]
    return "\n".join(out)


def _table(figures: list[Figure], ed: Edition, document_href: str) -> str:
    head = "".join(f'<th scope="col"><button type="button">{esc(ed.labels["figures_" + k])}</button></th>'
                   for k in ("indicator", "period", "value", "change", "source"))
    rows = []
    for f in figures:
        value = (format_en(f.value, f.unit, f.qualifier) if ed.translated else ed.convert(f.shown)) if f.value is not None else "—"
        change = change_text(f, ed.translated) or "—"
        label = esc(f.label_en if ed.translated else ed.convert(f.label_zh))
        period = esc(period_en(f.period) if ed.translated else ed.convert(f.period))
        rows.append(
            f'<tr><td>{label}</td><td>{period}</td>'
            f'<td data-sort="{f.value if f.value is not None else ""}">{esc(value)}</td>'
            f'<td data-sort="{f.change if f.change is not None else ""}">{esc(change)}</td>'
            f'<td><a href="{document_href}#{f.paragraph}">{f.paragraph}</a></td></tr>')
    return (f'<table class="figures sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def figures_json(figures: list[Figure]) -> str:
    records = [{**r, "value_en": format_en(r["value"], r["unit"], r["qualifier"]) if r["value"] is not None else None,
                "period_en": period_en(r["period"])} for r in as_records(figures)]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
