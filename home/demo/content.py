"""The 2022 campaign as structured demo content.

Every sentence of running text comes from the seed article (a copy lives in
``wirecopy/seed/``), cleaned by the same cleaner the import command uses and
then corrected by eye where a machine cannot know better. Facts that the
article states but does not spell out as fields (dates, slugs, roles) are
written here.
"""

import datetime
import re
import zoneinfo
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from wirecopy.cleaner import clean_article, decode_article

SEED_PATH = Path(settings.BASE_DIR) / "wirecopy" / "seed" / "000_82f4a8ec1a3a9c5b.txt"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

# Corrections made by reading the cleaned text: OpenCC keeps 著 (a valid
# Simplified character) where this sentence needs 着, and the scraper left a
# stray space before an opening quote.
EDITORIAL_CORRECTIONS = [
    ("标志著", "标志着"),
    ("接受 “", "接受“"),
]

ACTIVITY_MARKERS = ["活动一：", "活动二：", "活动三：", "活动四：", "活动五：", "活动六："]


@lru_cache(maxsize=1)
def seed_lines():
    """The cleaned seed article as a list of non-empty lines."""
    result = clean_article(decode_article(SEED_PATH.read_bytes()))
    if result.warnings:
        raise ValueError(f"seed article still has unrepaired damage: {result.warnings}")
    text = result.text
    for wrong, right in EDITORIAL_CORRECTIONS:
        text = text.replace(wrong, right)
    return [line.strip() for line in text.splitlines() if line.strip()]


def line_starting(prefix):
    for line in seed_lines():
        if line.startswith(prefix):
            return line
    raise LookupError(prefix)


def line_containing(fragment):
    for line in seed_lines():
        if fragment in line:
            return line
    raise LookupError(fragment)


def activity_section(number):
    """(heading text without the 活动N： prefix, [paragraphs]) for activity N (1-based)."""
    lines = seed_lines()
    marker = ACTIVITY_MARKERS[number - 1]
    start = next(i for i, line in enumerate(lines) if line.startswith(marker))
    end = start + 1
    while end < len(lines) and not any(lines[end].startswith(m) for m in ACTIVITY_MARKERS):
        end += 1
    return lines[start][len(marker) :], lines[start + 1 : end]


def first_sentence(text):
    match = re.match(r"[^。！？]*[。！？]”?", text)
    return match.group(0) if match else text


def sentence_containing(fragment):
    line = line_containing(fragment)
    for sentence in re.findall(r"[^。！？]*[。！？]”?", line):
        if fragment in sentence:
            return sentence.strip()
    raise LookupError(fragment)


def aware(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


ORGANISATIONS = [
    # (name, parent_name, role)
    ("昆明市人民政府", "", "host"),
    ("昆明市实施质量强市战略领导小组办公室", "昆明市市场监督管理局", "organiser"),
    ("昆明报业传媒集团", "昆明日报社", "organiser"),
    ("中共昆明市委宣传部", "", "co_organiser"),
    ("昆明市发展和改革委员会", "", "co_organiser"),
    ("昆明市住房和城乡建设局", "", "co_organiser"),
]

HOTLINE = "0871-65392426"
EMAIL = "KMPP2022@126.com"

# number -> what the article states about each activity beyond its text.
ACTIVITIES = {
    1: {
        "slug": "quality-month-publicity",
        "title": "2022年“质量月”系列宣传",
        "edition": "",
        "dates": (datetime.date(2022, 9, 1), datetime.date(2022, 12, 31)),
        "locations": [("venue", "昆明市市场监督管理局", "启动仪式举办地")],
        "sub_activities": [
            ("“质量月”启动仪式", "9月1日上午在昆明市市场监督管理局举行。"),
            ("“质量昆明”创意宣传片", "于2022年底前发布展示。"),
            ("全媒体宣传", "营造“人人关注质量 人人参与质量”的良好氛围。"),
        ],
    },
    2: {
        "slug": "kunming-kuaizou-7",
        "title": "第七届“质量强市 昆明快走”——“晒”质量成绩 “比”发展速度",
        "edition": "第七届",
        "dates": (datetime.date(2022, 9, 1), datetime.date(2022, 10, 31)),
        "locations": [("online", "各大媒体平台", "以图文方式发布报告")],
        "sub_activities": [],
    },
    3: {
        "slug": "little-quality-officers-camp",
        "title": "昆明市第二届“小小质量官”体验营",
        "edition": "第二届",
        "dates": (datetime.date(2022, 9, 1), datetime.date(2022, 10, 31)),
        "locations": [
            ("venue", "企业、商场、游乐场等", "体验营走访地点"),
            ("online", "昆明日报等媒体", "不定期发布招募信息"),
        ],
        "contact_phone": HOTLINE,
        "sub_activities": [],
    },
    4: {
        "slug": "kunming-brands-lianliankan",
        "title": "昆明品牌“连连看”",
        "edition": "",
        "dates": (datetime.date(2022, 9, 1), datetime.date(2022, 9, 30)),
        "locations": [
            ("online", "“昆明市场监管”抖音号", "直播信息发布平台"),
            ("online", "“昆报头条”视频号", "直播信息发布平台"),
        ],
        "sub_activities": [
            ("第一期直播", "直播信息将在“昆明市场监管”抖音号、“昆报头条”视频号等平台发布。"),
            ("第二期直播", "直播信息将在“昆明市场监管”抖音号、“昆报头条”视频号等平台发布。"),
            ("第三期直播", "直播信息将在“昆明市场监管”抖音号、“昆报头条”视频号等平台发布。"),
        ],
        # The article says only "3期直播" in 质量月 (September); it gives no dates or times.
        # These are SAMPLE times inside the activity's dates, marked 示例 in each title.
        "sessions": [
            ("第一期直播（示例时间）", datetime.datetime(2022, 9, 9, 19, 30), datetime.datetime(2022, 9, 9, 21, 0)),
            ("第二期直播（示例时间）", datetime.datetime(2022, 9, 16, 19, 30), datetime.datetime(2022, 9, 16, 21, 0)),
            ("第三期直播（示例时间）", datetime.datetime(2022, 9, 23, 19, 30), datetime.datetime(2022, 9, 23, 21, 0)),
        ],
        "session_location": "“昆明市场监管”抖音号、“昆报头条”视频号",
    },
    5: {
        "slug": "brand-story-contest-4",
        "title": "昆明市第四届品牌故事大赛",
        "edition": "第四届",
        "dates": (datetime.date(2022, 9, 1), datetime.date(2022, 10, 31)),
        "locations": [("online", "电子邮箱报送", EMAIL)],
        "contact_email": EMAIL,
        "sub_activities": [
            ("“昆明市品牌建设十佳案例”征集", "一个关于质量工作、品牌建设的典型案例，企业（组织）均可报名参与评选。"),
            ("“春城质量官”征集", "一张照片、一个800字的质量故事、一句质量宣言，即可报名成为“春城质量官”。"),
        ],
    },
    6: {
        "slug": "quality-empowers-industry-forum",
        "title": "中国·昆明“质量赋能产业发展”论坛",
        "edition": "",
        "dates": (datetime.date(2022, 10, 1), datetime.date(2022, 10, 31)),
        "locations": [("venue", "昆明", "论坛举办城市")],
        "sub_activities": [],
    },
}

OFFICERS = [
    # slug, name, occupation
    ("xia-jiawei", "夏嘉伟", "演员"),
    ("jin-feibao", "金飞豹", "探险家"),
    ("yan-min", "晏敏", "基层医护人员"),
]

NEWS_TITLE = "2022年昆明市全国“质量月”启动 六大主题活动全面展开"
NEWS_SLUG = "2022-quality-month-launch"
NEWS_PUBLISHED_AT = aware(2022, 9, 1, 12, 0)
NEWS_TAGS = ["质量月", "启动仪式", "春城质量官", "2022"]


def xia_jiawei_quote():
    """夏嘉伟's own words, the only officer quote in the seed."""
    line = line_containing("实至名归")
    match = re.search(r"“(昆明政府质量工作[^”]*?)”夏嘉伟说", line)
    return match.group(1)


def xia_jiawei_story():
    line = line_containing("土生土长")
    start = line.index("作为一个土生土长")
    end = line.index("……", start) + len("……")
    return line[start:end]


# The participation forms of the demo (participation/): activity number -> forms. Their dates are 2022's;
# make run's demo keeps them open with PARTICIPATION_FORMS_ALWAYS_OPEN (README, "Participation forms").
PARTICIPATION_PURPOSE = {
    "officer": "用于“春城质量官”的评选、与报名者联系，以及入选后在本网站发布其照片、姓名、职业、质量故事和质量宣言。",
    "case": "用于“昆明市品牌建设十佳案例”的评审、与报送单位联系，以及入选案例的宣传报道。",
    "camp": "用于“小小质量官”体验营的报名、分组和活动当天的联系。",
}
PARTICIPATION_CONSENT = (
    "我已知悉并同意：主办单位仅为上述目的处理我填写的个人信息；手机号码、电子邮箱等联系方式加密保存，"
    "只有本表单的审核人员可以查看，不会在网站、接口或订阅中公开；保存期满后删除，"
    "也可随时发邮件至 KMPP2022@126.com 申请删除。"
)
PARTICIPATION_FORMS = {
    5: [
        {
            "kind": "officer",
            "title": "报名成为“春城质量官”",
            "intro": "一张照片、一个800字的质量故事、一句质量宣言，您也可报名成为“春城质量官”。",
            "count_mode": "hidden",
            "count_label": "",
        },
        {
            "kind": "case",
            "title": "报送“昆明市品牌建设十佳案例”",
            "intro": "您的企业（组织）也可报名参与“昆明市品牌建设十佳案例”评选。",
            "count_mode": "all",
            "count_label": "已有 {n} 家企业报送案例",
            # SAMPLE criteria (示例): the article names none; judges score each accepted case against these.
            "judging_criteria": "品牌创新 30\n质量成效 30\n示范带动 20\n社会评价 20",
        },
    ],
    3: [
        {
            "kind": "camp",
            "title": "“小小质量官”体验营报名",
            "intro": "面向社会征集中小学生，走进企业、商场、游乐场，体验质量检测。以下场次和名额为示例。",
            "count_mode": "hidden",
            "count_label": "",
            # SAMPLE sessions (示例): the article gives no dates or capacities.
            "sessions": [
                ("第一期（示例）", aware(2022, 10, 15, 9, 0), 30),
                ("第二期（示例）", aware(2022, 10, 22, 9, 0), 30),
            ],
        }
    ],
}
PARTICIPATION_OPENS = aware(2022, 9, 1)
PARTICIPATION_CLOSES = aware(2022, 10, 31, 23, 59)
