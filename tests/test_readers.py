"""Decoding and unwrapping source texts: encodings, line endings, bad input."""

import pytest

from scripts.ingest.readers import decode, detect_layout, read_blocks
from scripts.model import SourceError

TEXT = "政府工作报告\n\n各位代表：\n\n现在，我代表市人民政府，向大会报告工作。\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    TEXT.encode("gb18030"),
    TEXT.encode("gbk"),
    TEXT.replace("\n", "\r\n").encode("utf-8"),
    TEXT.replace("\n", "\r\n").encode("gb18030"),
])
def test_every_accepted_encoding_reads_the_same(data):
    assert decode(data, "x.txt") == TEXT


def test_empty_file_is_an_error_naming_file_and_offset():
    with pytest.raises(SourceError, match=r"empty\.txt \(byte offset 0\): empty file"):
        decode(b"\n \n", "empty.txt")


def test_binary_file_names_the_nul_byte_offset():
    with pytest.raises(SourceError, match=r"img\.txt \(byte offset 4\): binary"):
        decode(b"\x89PNG\x00\x01\x02", "img.txt")


def test_undecodable_file_names_the_byte_offset():
    data = "江门".encode() + b"\xff\xfe\x80abc"
    with pytest.raises(SourceError, match=r"bad\.txt \(byte offset 6\): cannot decode"):
        decode(data, "bad.txt")


def test_hard_wrapped_pdf_text_is_joined_into_paragraphs():
    wrapped = ("2025年，全市地区生产总值增长2.8%，规上工业增加值增长\n"
               "3.4%，高于全省平均水平0.4个百分点，经济运行稳中\n"
               "有进。\n"
               "　　新的一年，我们要坚持稳中求进工作总基调，推动经济\n"
               "实现质的有效提升和量的合理增长。\n")
    blocks = read_blocks(wrapped)
    assert [b.text for b in blocks] == [
        "2025年，全市地区生产总值增长2.8%，规上工业增加值增长3.4%，高于全省平均水平0.4个百分点，经济运行稳中有进。",
        "新的一年，我们要坚持稳中求进工作总基调，推动经济实现质的有效提升和量的合理增长。",
    ]
    assert blocks[0].lines == (1, 2, 3) and blocks[1].lines == (4, 5)


def test_title_set_over_lines_with_markdown_hard_breaks_is_one_block():
    blocks = read_blocks("2023年GDP突破4000亿元  \n成功争先进阶\n")
    assert [b.text for b in blocks] == ["2023年GDP突破4000亿元 成功争先进阶"]


def test_one_sentence_per_line_stays_one_paragraph_per_line():
    blocks = read_blocks("运筹帷幄，谋定而动。\n见本而知末，执一而应万。\n")
    assert [b.text for b in blocks] == ["运筹帷幄，谋定而动。", "见本而知末，执一而应万。"]


def test_markdown_headings_are_blocks_with_their_level():
    blocks = read_blocks("## 领航掌舵谋全局\n### 上接 A01 版\n正文。\n")
    assert [(b.heading, b.text) for b in blocks] == [(2, "领航掌舵谋全局"), (3, "上接 A01 版"), (0, "正文。")]


def test_offsets_count_bytes_of_the_file_as_it_is():
    gb = "江门".encode("gb18030") + b"\x01"
    with pytest.raises(SourceError, match=r"\(byte offset 4\): binary content"):
        decode(gb, "gb.txt")
    bom = b"\xef\xbb\xbf" + "江门".encode() + b"\x01"
    with pytest.raises(SourceError, match=r"\(byte offset 9\): binary content"):
        decode(bom, "bom.txt")


def test_gb18030_byte_order_mark_is_removed():
    assert decode(b"\x84\x31\x95\x33" + "江门市".encode("gb18030"), "x.txt") == "江门市"


def test_a_file_of_full_width_spaces_is_empty():
    with pytest.raises(SourceError, match="empty file"):
        decode("\u3000\u3000\n".encode("utf-8"), "blank.txt")


def test_a_stray_trailing_double_space_in_body_text_does_not_merge_paragraphs():
    text = ("全年地区生产总值增长2.8%，规上工业增加值增长3.4%，高于全省平均水平。  \n"
            "新的一年，我们要坚持稳中求进工作总基调，推动经济实现质的有效提升。\n")
    assert [b.text for b in read_blocks(text)] == [
        "全年地区生产总值增长2.8%，规上工业增加值增长3.4%，高于全省平均水平。",
        "新的一年，我们要坚持稳中求进工作总基调，推动经济实现质的有效提升。"]


def test_lines_of_one_width_each_followed_by_a_blank_line_are_paragraphs_not_wrapped_text():
    """A table of contents copied from a Word file (泸州市中医医院's 2023 final accounts, each entry
    with its field code): lines of nearly one width without a full stop, but a blank line after each."""
    entries = ["第一部分 单位概况 PAGEREF _Toc25831 h 3", "一、 主要职责 PAGEREF _Toc32310 h 3",
               "二、 机构设置 PAGEREF _Toc8401 h 3", "第二部分 2023年度单位决算情况说明 PAGEREF _Toc2776 h 4",
               "一、收入支出决算总体情况说明 PAGEREF _Toc16112 h 4", "二、收入决算情况说明 PAGEREF _Toc21777 h 4"]
    text = "2023年度泸州市中医医院单位决算\n\n目录\n\n" + "\n\n".join(entries) + "\n"
    assert detect_layout(text).name == "blank-line"
    assert [b.text for b in read_blocks(text)][2:] == entries
