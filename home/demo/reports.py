"""The three 2021 reports of activity 2, as sample PDFs drawn locally with reportlab.

The seed article only names the reports; their contents were never published
with it. These files are clearly marked 样本 (sample) on every page and hold no
figures beyond what the article states, so no reader mistakes them for the
real reports. reportlab's built-in CID font STSong-Light renders Chinese
without any font file or download.
"""

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
SAMPLE_MARK = "样本"

# (file name, title) in the order the article lists them.
REPORTS = [
    ("2021-public-satisfaction-sample.pdf", "2021年昆明市政府质量工作公众满意度评价报告"),
    ("2021-public-service-quality-sample.pdf", "2021年昆明市公共服务质量监测报告"),
    ("2021-manufacturing-pass-rate-sample.pdf", "2021年昆明市制造业产品合格率分析报告"),
]

SOURCE_SENTENCE = (
    "据昆明信息港报道，第七届“质量强市 昆明快走”活动以图文的方式，在各大媒体平台发布"
    "2021年昆明市政府质量工作公众满意度评价报告、公共服务质量监测报告、制造业产品合格率分析报告。"
)
NOTICE = [
    "本文件是“质量昆明”演示站点自动生成的示例样本，不是正式报告。",
    "文中不含任何真实测评数据；正式报告以昆明市市场监督管理局发布的版本为准。",
    "编辑可在管理后台“文档”中用正式文件替换本样本。",
]


def sample_title(title):
    """The document title readers see: the sample mark comes first."""
    return f"【{SAMPLE_MARK}】{title}"


def _register_font():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _wrap(text, width):
    """Split Chinese text into lines of at most ``width`` characters."""
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def report_pdf(title):
    """One A4 page: a 样本 watermark, the title, the article's sentence and the sample notice."""
    _register_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)  # invariant: the same bytes on every run
    pdf.setTitle(sample_title(title))
    pdf.setAuthor("质量昆明（演示）")
    pdf.setSubject("示例样本，非正式报告")
    width, height = A4

    pdf.saveState()
    pdf.setFillGray(0.88)
    pdf.setFont(FONT, 110)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(35)
    pdf.drawCentredString(0, -40, f"{SAMPLE_MARK} 示例")
    pdf.restoreState()

    pdf.setFont(FONT, 12)
    pdf.setFillColorRGB(0.65, 0.11, 0)
    pdf.drawString(56, height - 56, "【样本 · 示例文件 · 非正式报告】")
    pdf.setFillGray(0)
    y = height - 110
    pdf.setFont(FONT, 18)
    for line in _wrap(title, 26):
        pdf.drawString(56, y, line)
        y -= 28
    y -= 12
    pdf.setFont(FONT, 11)
    for paragraph in [SOURCE_SENTENCE, "", *NOTICE]:
        for line in _wrap(paragraph, 40):
            pdf.drawString(56, y, line)
            y -= 18
    pdf.setFont(FONT, 9)
    pdf.drawString(56, 40, "质量昆明 · 演示内容 · 样本")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
