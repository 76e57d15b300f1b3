"""Detection and application of editorial repairs, on the real seeds and on crafted input."""


import re

import pytest

from scripts.ingest.readers import read_blocks, read_source
from scripts.ingest.repairs import apply, detect, load_decisions
from scripts.ingest.sources import load_all, load_document
from scripts.model import SourceError
from tests.conftest import ROOT

SEEDS = ROOT / "seeds"
REPORT = SEEDS / "000_fad302a97476cc90.txt"
PAPER = SEEDS / "003_a06d475ae2cbff34.txt"


@pytest.fixture(scope="module")
def docs():
    return {doc.meta.source_file: doc for doc, _ in load_all(SEEDS)}


def findings(path, check):
    return [f.line for f in detect(read_blocks(read_source(path))) if f.check == check]


def test_detects_paragraphs_split_at_page_breaks_in_the_report():
    assert findings(REPORT, "split-paragraph") == [19, 25, 31, 35, 39, 57, 61, 67]


def test_detects_page_breaks_and_continuation_markers_in_the_newspaper():
    assert findings(PAPER, "split-paragraph") == [11, 17, 25, 77, 219]
    assert findings(PAPER, "continuation") == [125, 224, 239, 247]


def test_detects_the_repeated_passage():
    assert findings(REPORT, "repeated-passage") == [41]


def test_detects_unbalanced_emphasis():
    assert [f.check for f in detect(read_blocks("这是**一段没有闭合的粗体文字，后面还有很多内容。\n"))] == ["unbalanced-emphasis"]


def test_detects_pinyin_readings_kept_in_an_aggregator_copy():
    """An aggregator's copy of Gaozhou's 2023 communiqué (weimomishe.com) keeps the readings of its
    page's pronunciation guide: 發(fā)展, 統(tǒng)計. An editor hears of it; the text stays as written."""
    text = "2023年高州市國民經濟和社會發(fā)展統(tǒng)計公報\n\n著力推動高質量發(fā)展,精準施策、靠前發(fā)力。\n\n全年經濟穩定增長。\n"
    found = [f for f in detect(read_blocks(text)) if f.check == "pinyin-reading"]
    assert [f.line for f in found] == [1, 3] and "2 pinyin reading(s)" in found[0].message and "發(fā)" in found[0].message


def test_detects_word_field_codes_kept_in_a_copy_of_a_word_file():
    """泸州市中医医院's final accounts keep the page references of their table of contents."""
    text = "目录\n\n第一部分 单位概况 PAGEREF _Toc25831 h 3\n\n一、 主要职责 PAGEREF _Toc32310 h 3\n\n单位概况如下。\n"
    found = [f for f in detect(read_blocks(text)) if f.check == "field-code"]
    assert [f.line for f in found] == [3, 5] and "PAGEREF _Toc25831 h 3" in found[0].message


def text_of(doc):
    return "".join(p.full_text for p in doc.paragraphs())


def test_bold_lead_in_cut_by_a_page_break_is_one_run_in_heading_again(docs):
    report = docs[REPORT.name]
    runins = [p.runin for p in report.paragraphs()]
    assert "提升金融服务能力。" in runins and "坚持就业优先战略。" in runins
    assert "**" not in text_of(report)


def test_item_three_printed_inside_item_two_gets_its_own_section(docs):
    part_one = docs[REPORT.name].sections[0]
    titles = [s.title for s in part_one.subsections]
    assert titles[:5] == [
        "一是凝心聚力拼经济促发展，推动经济运行稳中提质。",
        "二是持续夯实制造业当家基础，加快产业转型升级步伐。",
        "三是坚持服务企业就是服务发展，进一步优化营商环境。",
        "四是加力实施“百县千镇万村高质量发展工程”，顺利实现三年初见成效。",
        "五是用心用情增进民生福祉，提升人民群众生活品质。",
    ]
    assert part_one.subsections[2].paragraphs[0].runin == "完善联系服务企业机制，"


def test_duplicated_passage_is_dropped_once_and_quoted_in_a_note(docs):
    report = docs[REPORT.name]
    assert text_of(report).count("每千人床位数提升至5.79个") == 1
    drops = [n for n in report.all_notes() if n.kind == "drop"]
    assert len(drops) == 1 and drops[0].source_text.startswith("每千人床位数提升至5.79个")


def test_part_two_is_in_the_right_order(docs):
    part_two = docs[REPORT.name].sections[1]
    assert part_two.title == "二、“十五五”时期的发展目标重点任务"
    opening = part_two.paragraphs[0].text
    assert opening.startswith("“十五五”时期是我国基本实现社会主义现代化")
    assert "实现更高质量、更可持续的发展。按照市委确定的" in opening
    assert [s.title[:2] for s in part_two.subsections] == ["一是", "二是", "三是", "四是", "五是"]
    assert part_two.subsections[4].title == "五是激活改革开放创新三大动力。"
    assert all("五是激活" not in p.text for p in docs[REPORT.name].sections[0].subsections[-1].paragraphs)


def test_typos_are_corrected_with_the_source_wording_kept(docs):
    report = docs[REPORT.name]
    corrections = {n.source_text: n.repaired for n in report.all_notes() if n.kind == "correct"}
    assert corrections["市委大及其常委会"] == "市人大及其常委会"
    assert corrections["企考"] == "高考"
    assert "市人大及其常委会" in text_of(report) and "企考" not in text_of(report)


def test_newspaper_page_has_five_articles_in_order(docs):
    paper = docs[PAPER.name]
    titles = [s.title for s in paper.sections]
    assert titles == [
        "《江门市2023年预算执行情况和2024年预算草案的报告》公布 2023年，钱花在哪？2024年，钱怎么花？",
        "领航掌舵谋全局 思想引领向复兴",
        "2023年GDP突破4000亿元 成功争先进阶",
        "抢抓历史机遇 扩大高水平开放合作 为江门现代化建设 注入新动能塑造新优势",
        "吴晓晖主持召开会议 要求坚持实体经济为本、制造业当家",
    ]
    assert [s.continued_from for s in paper.sections] == ["", "A01", "A01", "A01", "A01"]
    assert paper.sections[4].editorial_title and not paper.sections[1].editorial_title


def test_feature_fragments_are_reordered_and_the_split_word_rejoined(docs):
    feature = docs[PAPER.name].sections[1]
    first = next(feature.walk()).paragraphs[0]
    assert first.text.startswith("习近平总书记在学习贯彻党的二十大精神中提出")
    text = "".join(p.text for s in feature.walk() for p in s.paragraphs)
    assert "要把理论学习、调查研究、推动发展、检视整改等贯通起来" in text
    assert text.index("2023年4月3日，这场理论学习") < text.index("2023年9月，适逢主题教育")


def test_every_decision_is_an_editorial_note_with_a_reason(docs):
    for name, doc in docs.items():
        decisions = load_decisions(SEEDS / name.replace(".txt", ".repairs.yaml"), name)
        notes = [n for n in doc.all_notes() if not n.automatic]
        assert sorted(n.reason for n in notes) == sorted(d.reason for d in decisions), name


UNSEEN = """\
佛山市政府工作报告（节选）

——2026年1月20日在佛山市第十七届人民代表大会第一次会议上

一、过去一年工作回顾

一是经济运行稳中有进。全年地区生产总值增长4.5%，规上工业增加值增长5.1%。**扩大有效投资。**全年固定资产投资增长3.2%，其中工业投资增长12.4%，为高质量发展提供

有力支撑。**提振消费。**社会消费品零售总额增长3.0%。

二是改革开放持续深化。营商环境不断优化。

二、2026年工作安排

做好今年工作，要坚持稳中求进工作总基调。
"""


def test_an_unseen_report_becomes_a_clean_structured_page_with_no_data_file(tmp_path):
    source = tmp_path / "foshan-2026.txt"
    source.write_text(UNSEEN, encoding="gb18030")
    warnings = []
    doc, found = load_document(source, {}, warn=lambda *a, **k: warnings.append(a[0]))
    assert doc.meta.title == "佛山市政府工作报告（节选）" and doc.meta.date == "2026-01-20"
    assert "guessed" in warnings[0] and "foshan-2026.txt" in warnings[0]
    assert [s.title for s in doc.sections] == ["一、过去一年工作回顾", "二、2026年工作安排"]
    assert [s.title for s in doc.sections[0].subsections] == ["一是经济运行稳中有进。", "二是改革开放持续深化。"]
    item = doc.sections[0].subsections[0]
    assert [p.runin for p in item.paragraphs] == ["", "扩大有效投资。", "提振消费。"]
    assert "为高质量发展提供有力支撑。" in item.paragraphs[1].text
    joins = [n for n in doc.all_notes() if n.kind == "join"]
    assert len(joins) == 1 and joins[0].automatic
    assert [f.check for f in found] == ["split-paragraph"]


def test_a_title_and_a_heading_glued_to_their_text_by_a_space_are_set_apart_with_a_note(tmp_path):
    """A transcription that lost its line breaks (the Xinhui communiqué of the corpus): only the
    space goes, every note quotes the source around it, and text that merely has a space stays."""
    corpus = ROOT / "tests" / "corpus" / "xinhui-2023-statistical-communique.txt"
    doc, _ = load_document(corpus, {}, warn=lambda *a, **k: None)
    splits = [n for n in doc.all_notes() if n.kind == "split"]
    assert len(splits) == 2 and all(n.automatic and " " in n.source_text for n in splits)
    source = read_source(corpus)
    shown = doc.meta.title + "".join(p.full_text for p in doc.front) + "".join(
        s.title + "".join(p.full_text for p in s.paragraphs) for s in doc.all_sections())  # in reading order
    assert re.sub(r"\s", "", shown) == re.sub(r"\s", "", source)
    mid = tmp_path / "mid.txt"  # a title-like line below the top, and a space inside a sentence
    mid.write_text("一段开头的文字。\n\n另一段文字。\n\n关于印发方案的通知 各单位都要认真贯彻落实这项工作，不得拖延。\n\n"
                   "二、工作要求 各单位要认真落实，确保各项任务按期完成。\n", encoding="utf-8")
    doc, _ = load_document(mid, {}, warn=lambda *a, **k: None)
    assert [s.title for s in doc.sections] == ["二、工作要求"]
    assert any(p.text.startswith("关于印发方案的通知 各单位") for p in doc.paragraphs())


def test_a_glued_heading_is_split_after_its_name_never_after_a_bare_number_or_inside_bold(tmp_path):
    """Transcription styles that put a space after the number (一、 综合), a chapter's number and name
    (第一章 总则 第一条), a regulation's name that a sentence goes on about, and a bold line: each
    heading keeps its name, and what is not a heading stays as written."""
    source = tmp_path / "styles.txt"
    source.write_text("某某市统计公报\n\n全年经济运行总体平稳，主要指标好于预期。\n\n"
                      "一、 综合 根据某某市统计局统一核算，2023年全市地区生产总值比上年增长5.0%。\n\n"
                      "第二章 总则 第一条 为了加强城市管理，提高城市管理水平，制定本办法。\n\n"
                      "**三、农业 全年农林牧渔业总产值比上年增长4.1%，粮食产量保持稳定。**\n\n"
                      "（一） 加强组织领导。各地各部门要高度重视，切实把各项工作落到实处。\n", encoding="utf-8")
    doc, _ = load_document(source, {}, warn=lambda *a, **k: None)
    titles = [s.title for s in doc.all_sections()]
    assert titles[:2] == ["一、 综合", "第二章 总则"] and not any("*" in t for t in titles)
    assert len([n for n in doc.all_notes() if n.kind == "split"]) == 2  # the bold line is not split
    texts = [p.text for p in doc.paragraphs()]
    assert any(t.startswith("根据某某市统计局") for t in texts)
    assert any(t.startswith("第一条 为了加强城市管理") for t in texts)
    assert "（一） 加强组织领导。各地各部门要高度重视，切实把各项工作落到实处。" in texts
    announcement = tmp_path / "announcement.txt"
    announcement.write_text("《某某市城市管理条例》 已于2023年12月1日经某某市人民代表大会常务委员会通过，现予公布。\n",
                            encoding="utf-8")
    doc, _ = load_document(announcement, {}, warn=lambda *a, **k: None)
    assert not [n for n in doc.all_notes() if n.kind == "split"]
    assert any(p.text.startswith("《某某市城市管理条例》 已于") for p in doc.paragraphs())


def test_a_split_whose_part_becomes_a_header_line_keeps_its_note(tmp_path):
    """A header line cannot carry a note; the note of a split that made one goes to the document."""
    source = tmp_path / "communique.txt"
    source.write_text("2023年某某市国民经济和社会发展统计公报 来源：某某市统计局；发布日期：2024年3月1日；\n\n"
                      "2023年，全市经济运行总体平稳，主要指标好于预期。\n", encoding="utf-8")
    doc, _ = load_document(source, {}, warn=lambda *a, **k: None)
    assert doc.meta.title == "2023年某某市国民经济和社会发展统计公报"
    assert [n.kind for n in doc.all_notes()].count("split") == 1


# Texts shaped as real ones are, written by a reviewer to catch rules made for one text that
# would break others (review of 2026-12-03): what a careful editor expects of each.
SHAPES = {
    "joint-signature": ('江门市财政局 江门市发展和改革局 江门市自然资源局 江门市住房和城乡建设局关于做好2024年专项债券项目储备工作的通知\n\n各市（区）财政局、发展改革局、自然资源局、住房城乡建设局：\n\n为做好2024年地方政府专项债券项目储备工作，根据省有关文件要求，现将有关事项通知如下。\n\n一、储备范围\n\n重点支持交通基础设施、能源、农林水利、生态环保、社会事业等领域项目。\n\n二、工作要求\n\n各地要高度重视，于2023年10月31日前完成项目申报工作。\n\n江门市财政局\n江门市发展和改革局\n江门市自然资源局\n江门市住房和城乡建设局\n2023年9月20日\n',
                        dict(headings=["2 一、储备范围", "2 二、工作要求"], date="2023-09-20")),
    "crossheads": ('代表委员热议政府工作报告\n\n江门日报讯（记者 张三）1月8日，出席市两会的代表委员认真审议讨论政府工作报告，大家一致认为报告实事求是、催人奋进。\n\n委员声音\n\n市政协委员李四表示，报告提出的各项目标任务符合江门实际，要在推进“百千万工程”上下更大功夫。\n\n部长通道\n\n市委组织部部长王五表示，将进一步加强干部队伍建设，为高质量发展提供坚强组织保障。\n\n市长热线\n\n今年以来，市长热线共受理群众诉求两万余件，办结率达到百分之九十八。\n',
                   dict(headings=["2 委员声音", "2 部长通道", "2 市长热线"], kind="news", publication="江门日报")),
    "contents-repeating-entries": ('江门市2023年市级决算情况说明\n\n目录\n\n一、一般公共预算决算情况\n（一）收入情况\n（二）支出情况\n二、政府性基金预算决算情况\n（一）收入情况\n（二）支出情况\n三、国有资本经营预算决算情况\n\n一、一般公共预算决算情况\n\n（一）收入情况\n\n2023年，市级一般公共预算收入完成85.2亿元，为预算的101.3%，增长5.1%。\n\n（二）支出情况\n\n2023年，市级一般公共预算支出完成120.6亿元，为调整预算的96.2%，增长3.4%。\n\n二、政府性基金预算决算情况\n\n（一）收入情况\n\n市级政府性基金预算收入完成60.1亿元，为预算的88.5%。\n\n（二）支出情况\n\n市级政府性基金预算支出完成71.3亿元，为调整预算的92.0%。\n\n三、国有资本经营预算决算情况\n\n市级国有资本经营预算收入完成1.2亿元，支出完成0.9亿元。\n',
                                   dict(headings=["2 目录", "2 一、一般公共预算决算情况", "3 （一）收入情况", "3 （二）支出情况",
                                                  "2 二、政府性基金预算决算情况", "3 （一）收入情况", "3 （二）支出情况",
                                                  "2 三、国有资本经营预算决算情况"])),
    "kicker": ('学习贯彻《政府工作报告》\n江门各界热议高质量发展新蓝图\n\n江门日报讯（记者 张三）连日来，《政府工作报告》在我市各界引起热烈反响，大家表示要把报告描绘的蓝图变为现实。\n\n市民李四说，报告提出的民生实事件件贴心，让人很受鼓舞。\n', dict(title="江门各界热议高质量发展新蓝图", kind="news")),
    "news-of-final-accounts": ('市十六届人大常委会举行第十次会议\n\n江门日报讯（记者 张三）8月28日，市财政局局长李四向市人大常委会报告江门市2023年市级决算草案。委员们认为，决算草案编制规范。\n\n会议还审议了其他事项。\n', dict(kind="news", author="记者 张三", publication="江门日报")),
    "wrapped-numbered-heading": ('关于江门市2023年预算执行情况和2024年预算草案的报告\n\n各位代表：\n\n受市人民政府委托，现将江门市2023年预算执行情况和2024年预算草案提请大会审议。\n\n一、2023年全市和市级预算执行情况及落实市人大决议情况\n的说明\n\n2023年，全市一般公共预算收入完成287.3亿元，增长6.2%。\n\n二、2024年预算草案\n\n2024年全市一般公共预算收入预期增长5%左右。\n',
                                 dict(headings=["2 一、2023年全市和市级预算执行情况及落实市人大决议情况的说明", "2 二、2024年预算草案"])),
    "column-over-title": ('政府工作报告\n2024年江门市政府工作报告全文\n——2024年1月10日在江门市第十六届人民代表大会第四次会议上\n江门市市长 吴晓晖\n各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。\n一、2023年工作回顾\n过去一年，全市生产总值增长5.7%。\n', dict(title="2024年江门市政府工作报告全文", kind="government-work-report")),
    "speech-title-with-its-occasion": ("坚定信心 真抓实干 奋力开创高质量发展新局面——在2024年全市经济工作会议上的讲话\n\n吴晓晖\n\n（2024年1月5日）\n\n"
                                       "同志们：\n\n今天召开全市经济工作会议，主要任务是总结2023年经济工作，部署2024年工作。\n",
                                       dict(title="坚定信心 真抓实干 奋力开创高质量发展新局面——在2024年全市经济工作会议上的讲话", kind="speech")),
    "title-and-venue-on-one-line": ("江门市2011年政府工作报告——2011年1月13日在江门市第十三届人民代表大会第六次会议上\n江门市人民政府市长 王积俊\n"
                                    "各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n一、2010年工作回顾\n"
                                    "过去一年，全市生产总值增长15%，地方一般预算收入增长18%，经济社会发展取得新的成绩。\n",
                                    dict(title="江门市2011年政府工作报告", date="2011-01-13", kind="government-work-report")),
    "title-wrapped-before-its-kind": ("江门市人民政府办公室关于做好2024年春节期间安全生产工作\n的通知\n江府办函〔2024〕3号\n各市（区）人民政府，市有关单位：\n"
                                      "春节将至，为切实做好春节期间安全生产工作，现就有关事项通知如下。\n",
                                      dict(title="江门市人民政府办公室关于做好2024年春节期间安全生产工作的通知", kind="notice")),
    "headline-under-a-breadcrumb": ("首页 > 新闻中心 > 江门要闻\n江门这些路段要封闭施工!\n发布时间：2024-05-01 09:30 来源：江门日报\n"
                                    "记者从市交通运输局获悉，5月起市区部分路段将封闭施工，请市民提前规划出行路线。\n",
                                    dict(title="江门这些路段要封闭施工!", kind="news", date="2024-05-01", headings=[])),
    "greeting-over-its-signature": ("值此新春佳节来临之际，向全市广大干部群众致以节日的问候和美好的祝愿！\n江门市人民政府\n2025年1月28日\n",
                                    dict(paragraphs=3, issuer="江门市人民政府", date="2025-01-28")),
    "site-name-after-title-and-venue": ("政府工作报告\n——2024年1月10日在江门市第十五届人民代表大会第四次会议上\n江门市人民政府门户网站\n"
                                        "发布时间：2024-01-15 来源：江门日报\n各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n",
                                        dict(title="政府工作报告", date="2024-01-10", headings=[])),
    "number-in-square-brackets": ("江门市人民政府关于印发某某办法的通知\n江府【2020】8号\n各市（区）人民政府：\n现将《某某办法》印发给你们，请认真贯彻执行。\n",
                                  dict(title="江门市人民政府关于印发某某办法的通知", kind="notice")),
    "speaker-on-two-lines": ("政府工作报告\n\n——2024年1月10日在江门市第十五届人民代表大会第四次会议上\n\n江门市市长\n\n吴晓晖\n\n各位代表：\n\n"
                             "现在，我代表市人民政府，向大会报告工作，请予审议。\n",
                             dict(title="政府工作报告", author="江门市市长 吴晓晖", headings=[])),
    "abstract-under-the-venue": ("江门市2024年政府工作报告\n\n——2024年1月10日在江门市第十五届人民代表大会第四次会议上\n\n（摘要）\n\n"
                                 "过去一年，全市生产总值增长5.7%，各项事业取得新进展。\n",
                                 dict(title="江门市2024年政府工作报告", paragraphs=1, headings=[])),
    "short-letter-title-under-a-posts-tags": ("@全市人民,市委书记、市长给您拜年啦!\n时事\n2025-01-28 09:15\n广东\n新春贺信\n亲爱的市民朋友们:\n"
                                              "值此新春佳节来临之际,向全市人民致以新春的祝福!\n过去一年,全市经济社会发展取得新成绩。\n",
                                              dict(title="新春贺信", date="2025-01-28")),
    "run-in-item-then-heading": ('江门市关于推进城市更新的实施意见\n\n一、总体要求\n\n（一）指导思想。坚持以人民为中心，推动城市高质量发展。\n（二）基本原则\n坚持规划引领、政府主导、市场运作、公众参与。\n（三）主要目标\n到2025年，完成城市更新面积五百公顷。\n\n二、保障措施\n\n各地要加强组织领导，强化资金保障。\n',
                                 dict(headings=["2 一、总体要求", "3 （二）基本原则", "3 （三）主要目标", "2 二、保障措施"])),
    # the review of this session's rules (/work/review/session7.md): each failed on the commit it reviewed
    "slogan-headline": ("担当作为 实干争先 勇毅前行\n\n——记江门市优秀共产党员群像\n\n江门日报讯（记者 张三）近日，我市表彰了一批优秀共产党员。\n\n"
                        "他们在各自岗位上默默奉献。\n", dict(title="担当作为 实干争先 勇毅前行", kind="news")),
    "two-reporters-over-the-title": ("记者 张三 李四\n\n江门市召开全市经济工作会议\n\n12月20日，全市经济工作会议召开。\n\n会议强调，要全力拼经济。\n",
                                     dict(title="江门市召开全市经济工作会议", author="记者 张三 李四")),
    "bulletin-and-its-date": ("疫情防控情况通报 2022年12月1日\n\n截至11月30日24时，全市累计报告确诊病例10例。\n\n请广大市民继续做好个人防护。\n",
                              dict(kind="document", publication="")),
    "answers-to-reporters-heading": ("江门一季度经济运行开局良好\n\n来源：江门日报\n\n一季度，全市经济运行开局良好，地区生产总值增长5%。\n\n"
                                     "市统计局负责人答记者问\n\n问：一季度经济运行有何特点？\n\n答：总体平稳。\n",
                                     dict(headings=["2 市统计局负责人答记者问"], author="")),
    "release-naming-only-the-post": ("商务及经济发展局局长在立法会会议上的致辞\n\n以下是商务及经济发展局局长今日（二月一日）在立法会会议上的致辞全文：\n\n"
                                     "主席：\n\n多谢各位议员。\n\n2012年2月1日（星期三）\n", dict(author="", date="2012-02-01")),
    "office-right-over-a-forwarding-notice": ("国务院办公厅\n\n转发国家发展改革委关于做好稳就业工作意见的通知\n\n各省、自治区、直辖市人民政府：\n\n"
                                              "国家发展改革委《关于做好稳就业工作的意见》已经国务院同意，现转发给你们，请认真贯彻执行。\n",
                                              dict(issuer="国务院办公厅")),
    "joint-letterhead": ("中共江门市委办公室\n\n江门市人民政府办公室\n\n关于做好2024年春节期间有关工作的通知\n\n各市（区）：\n\n现将有关事项通知如下。\n",
                         dict(issuer="中共江门市委办公室")),
    "source-given-as-an-address": ("江门市一季度经济运行简况\n\n来源：https://www.jiangmen.gov.cn\n\n一季度，全市经济运行开局良好。\n\n工业生产稳步回升。\n",
                                   dict(publication="https://www.jiangmen.gov.cn")),
    "attachments-listed-on-one-line": ("江门市促进民营经济发展若干措施\n\n一、总体要求\n\n坚持两个毫不动摇，优化民营经济发展环境。\n\n"
                                       "附件：江门市促进民营经济高质量发展若干措施、江门市支持中小企业纾困发展若干措施、江门市加快建设现代产业体系实施方案\n\n"
                                       "各单位要认真落实。\n", dict(headings=["2 一、总体要求"])),
    "frame-after-an-empty-numbered-part": ("江门市2023年预算执行情况和2024年预算草案的报告\n\n各位代表：\n\n现将有关情况报告如下，请予审议。\n\n"
                                           "2023年预算执行情况\n\n全市预算执行总体平稳。\n\n一、一般公共预算\n\n收入完成100亿元。\n\n"
                                           "二、政府性基金预算\n\n2024年预算草案\n\n一、一般公共预算\n\n收入预计105亿元。\n",
                                           dict(headings=["2 2023年预算执行情况", "3 一、一般公共预算", "3 二、政府性基金预算",
                                                          "2 2024年预算草案", "3 一、一般公共预算"])),
}


@pytest.mark.parametrize("name", SHAPES)
def test_a_rule_made_for_one_text_does_not_break_another(tmp_path, name):
    text, expected = SHAPES[name]
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    doc, _ = load_document(source, {}, warn=lambda *a, **k: None)
    got = {"headings": [f"{s.level} {s.title}" for s in doc.all_sections()], "paragraphs": len(list(doc.paragraphs())),
           **{k: getattr(doc.meta, k) for k in expected if k not in ("headings", "paragraphs")}}
    assert {k: got[k] for k in expected} == expected


def test_decision_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "x.repairs.yaml"
    bad.write_text("decisions:\n  - op: join\n    blocks: [1, 3]\n  - op: correct\n    block: 1\n    reason: r\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"x\.repairs\.yaml:2: join: every decision needs a reason"):
        load_decisions(bad, "x.txt")
    bad.write_text("decisions:\n  - op: correct\n    block: 1\n    from: 甲\n    reason: r\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"x\.repairs\.yaml:2: correct: missing to"):
        load_decisions(bad, "x.txt")


@pytest.mark.parametrize("body, message", [
    ("decision:\n  - op: join\n", r"x\.repairs\.yaml:1: unknown key\(s\) decision"),
    ("source: y.txt\ndecisions: []\n", r"x\.repairs\.yaml:1: these decisions are for 'y\.txt', not 'x\.txt'"),
    ("decisions:\n  - op: join\n    blocks: 19\n    reason: r\n", r"x\.repairs\.yaml:2: join: blocks must be a list of source line numbers"),
    ("decisions:\n  - op: join\n    blocks: [19]\n    reason: r\n", r"x\.repairs\.yaml:2: join: name at least two blocks"),
    ("decisions:\n  - op: correct\n    block: 3\n    from: 1310\n    to: x\n    reason: r\n", r"x\.repairs\.yaml:2: correct: from must be non-empty text"),
    ("decisions:\n  - op: title\n    block: 3\n    text: t\n    level: x\n    reason: r\n", r"x\.repairs\.yaml:2: title: level must be 2 or 3"),
    # empty or conflicting decisions would lose text silently
    ("", r"x\.repairs\.yaml:1: no decisions in this file"),
    ("decisions:\n", r"x\.repairs\.yaml:1: no decisions in this file"),
    ("decisions:\n  - op: join\n    blocks: [11, 13]\n    reason: r\n  - op: join\n    blocks: [11, 13]\n    reason: r\n",
     r"x\.repairs\.yaml:5: join: conflicts with the join decision at line 2"),
    ("decisions:\n  - op: join\n    blocks: [11, 13]\n    reason: r\n  - op: join\n    blocks: [15, 13]\n    reason: r\n",
     r"x\.repairs\.yaml:5: join: conflicts with the join decision at line 2 \(both take block 13\)"),
    ("decisions:\n  - op: correct\n    block: 3\n    from: 甲\n    to: 乙\n    reason: r\n"
     "  - op: drop\n    block: 3\n    text: 甲\n    reason: r\n", r"x\.repairs\.yaml:7: drop: conflicts with the correct decision at line 2"),
])
def test_mistakes_in_a_decisions_file_are_errors_with_the_line(tmp_path, body, message):
    bad = tmp_path / "x.repairs.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_decisions(bad, "x.txt")


def test_a_decision_whose_text_is_not_in_the_block_is_an_error(tmp_path):
    bad = tmp_path / "x.repairs.yaml"
    bad.write_text("decisions:\n  - op: correct\n    block: 1\n    from: 乙\n    to: 丙\n    reason: r\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"x\.repairs\.yaml:2: correct: text '乙' not found in the block at source line 1"):
        apply(read_blocks("甲。\n"), load_decisions(bad, "x.txt"), bad)


def test_unbalanced_and_stray_bold_markers_become_plain_text_with_a_note(tmp_path):
    source = tmp_path / "bold.txt"
    source.write_text("测试文件\n\n一、总体情况\n\n全年经济平稳。**加快推进项目建设。**项目进展顺利，**按照**计划推进。"
                      "这是**一段没有闭合的粗体文字。\n", encoding="utf-8")
    doc, _ = load_document(source, {}, warn=lambda *a, **k: None)
    paragraphs = list(doc.paragraphs())
    assert [p.runin for p in paragraphs] == ["", "加快推进项目建设。"]
    assert paragraphs[1].text == "项目进展顺利，按照计划推进。这是一段没有闭合的粗体文字。"
    notes = [n for n in doc.all_notes() if n.kind == "emphasis"]
    assert len(notes) == 2 and all(n.automatic for n in notes)
    assert {n.source_text for n in notes} >= {"**按照**"}


NEXT_YEAR = """\
# 2027年江门市林业工作报告

**一、2026年工作回顾**

全年完成造林5万亩，森林覆盖率稳步提升，为生态建设打下坚实基础

**二、2027年工作安排**

（一）加快绿美江门建设。全年计划造林6万亩。

（二）加强森林防火。落实责任制。

江门市林业局

2027年3月1日
"""


def test_next_years_report_with_another_layout_is_structured_without_a_data_file(tmp_path):
    source = tmp_path / "forestry-2027.txt"
    source.write_text(NEXT_YEAR, encoding="utf-8")
    doc, _ = load_document(source, {}, warn=lambda *a, **k: None)
    assert doc.meta.title == "2027年江门市林业工作报告"
    assert [s.title for s in doc.sections] == ["一、2026年工作回顾", "二、2027年工作安排"]  # bold parts, title once
    # （一）… running on into a sentence is a paragraph with its lead, as in the corpus outlines
    assert [p.text[:4] for p in doc.sections[1].paragraphs[:2]] == ["（一）加", "（二）加"]
    assert doc.sections[0].paragraphs[0].text.endswith("打下坚实基础")  # not joined with the next part
    closing = doc.sections[1].paragraphs[-2:]
    assert [(p.text, p.role) for p in closing] == [("江门市林业局", "closing"), ("2027年3月1日", "closing")]


def test_section_anchors_and_paragraph_ids_stay_put_when_a_decision_is_added(tmp_path):
    import shutil
    for name in ("000_fad302a97476cc90.txt", "000_fad302a97476cc90.repairs.yaml"):
        shutil.copy(SEEDS / name, tmp_path / name)
    source = tmp_path / "000_fad302a97476cc90.txt"

    def ids():
        doc, _ = load_document(source, {}, warn=lambda *a, **k: None)
        return [s.anchor for s in doc.all_sections()], [p.id for p in doc.paragraphs()]

    anchors, paragraphs = ids()
    decisions = tmp_path / "000_fad302a97476cc90.repairs.yaml"
    decisions.write_text(decisions.read_text(encoding="utf-8") + (
        "  - op: title\n    block: 15\n    text: 总体情况\n    level: 3\n    reason: 测试\n"), encoding="utf-8")
    new_anchors, new_paragraphs = ids()
    assert new_paragraphs == paragraphs
    assert [a for a in new_anchors if a != "s-15"] == anchors and "s-15" in new_anchors


def test_a_text_that_opens_with_a_sentence_keeps_it_as_its_first_paragraph(tmp_path):
    """Only lines with no sentence in them can be page furniture: 主持人：… is the text itself."""
    source = tmp_path / "minutes.txt"
    source.write_text("主持人：各位代表，现在开会。\n\n会议审议了工作报告。\n", encoding="utf-8")
    doc, _ = load_document(source, {}, warn=lambda *a, **k: None)
    assert [p.text for p in doc.paragraphs()] == ["主持人：各位代表，现在开会。", "会议审议了工作报告。"]
    assert not [n for n in doc.all_notes() if n.kind == "furniture"]
