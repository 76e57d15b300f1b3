"""An Atom feed per edition of the documents we publish, newest first.

Dates come from the documents, not the clock, so the feed is the same on every rebuild.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..editions import Edition
from ..model import Document
from .markup import texts_for

ATOM = "http://www.w3.org/2005/Atom"


def _timestamp(date: str) -> str:
    parts = (date.split("-") + ["01", "01"])[:3] if date else ["1970", "01", "01"]
    return "-".join(parts) + "T00:00:00Z"


def render_feed(docs: list[Document], ed: Edition, site_url: str, title: str) -> str:
    """Atom XML for one edition; `site_url` ends with a slash."""
    base = site_url + ed.prefix
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": ed.html_lang})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": base})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": base + "feed.xml"})
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(max((d.meta.date for d in docs), default=""))
    for doc in docs:
        t = texts_for(doc, ed)
        url = f"{base}documents/{doc.meta.slug}/"
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = t.plain("meta:title", doc.meta.title)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": url})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(doc.meta.date)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = t.plain("meta:issuer", doc.meta.issuer) if doc.meta.issuer else title
        if doc.meta.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = t.plain("meta:summary", doc.meta.summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
