"""Judged queries over the 2022 demo content (`load_initial_data`).

Each entry is (query, kind, expected page slugs). Expected pages were judged
by reading the demo text: every page whose indexed text contains the query
word(s). Used by the tests (tests/search/test_judged_queries.py) and by
`manage.py search_report`.

Kinds: name, title (activity/section titles), word (inside a sentence),
traditional, single (one character), number (Latin letters and digits),
mixed (several words, AND semantics), none (should find nothing).
"""

CAMPAIGN = "2022"
PUBLICITY = "quality-month-publicity"
KUAIZOU = "kunming-kuaizou-7"
CAMP = "little-quality-officers-camp"
LIANLIANKAN = "kunming-brands-lianliankan"
CONTEST = "brand-story-contest-4"
FORUM = "quality-empowers-industry-forum"
OFFICERS = "officers"
XIA = "xia-jiawei"
JIN = "jin-feibao"
YAN = "yan-min"
LAUNCH = "2022-quality-month-launch"

ALL_ACTIVITIES = [PUBLICITY, KUAIZOU, CAMP, LIANLIANKAN, CONTEST, FORUM]
ALL_OFFICERS = [XIA, JIN, YAN]

JUDGED_QUERIES = [
    # Names
    ("夏嘉伟", "name", [XIA, CONTEST, LAUNCH]),
    ("金飞豹", "name", [JIN, CONTEST, LAUNCH]),
    ("晏敏", "name", [YAN, CONTEST, LAUNCH]),
    ("叶明", "name", [LAUNCH]),
    ("春城质量官", "name", [OFFICERS, *ALL_OFFICERS, CONTEST, LAUNCH]),
    # Activity and section titles
    ("小小质量官", "title", [CAMP, CAMPAIGN, LAUNCH]),
    ("连连看", "title", [LIANLIANKAN, CAMPAIGN, LAUNCH]),
    ("论坛", "title", [FORUM, CAMPAIGN, LAUNCH]),
    ("品牌故事大赛", "title", [CONTEST, CAMPAIGN, LAUNCH]),
    ("昆明快走", "title", [KUAIZOU, CAMPAIGN, LAUNCH]),
    ("质量强市", "title", [KUAIZOU, CAMPAIGN, LAUNCH]),
    ("体验营", "title", [CAMP, CAMPAIGN, LAUNCH]),
    ("系列宣传", "title", [PUBLICITY, LAUNCH]),
    ("质量赋能产业发展", "title", [FORUM, CAMPAIGN, LAUNCH]),
    ("质量官", "title", [OFFICERS, *ALL_OFFICERS, CAMP, CONTEST, CAMPAIGN, LAUNCH]),
    # Words inside sentences
    ("探险家", "word", [JIN, CONTEST, LAUNCH]),
    ("演员", "word", [XIA, CONTEST, LAUNCH]),
    ("基层医护人员", "word", [YAN, CONTEST, LAUNCH]),
    ("抖音", "word", [LIANLIANKAN, LAUNCH]),
    ("直播", "word", [LIANLIANKAN, LAUNCH]),
    ("中小学生", "word", [CAMP, LAUNCH]),
    ("游乐场", "word", [CAMP, LAUNCH]),
    ("大拇指", "word", [XIA, LAUNCH]),
    ("十佳案例", "word", [CONTEST, LAUNCH]),
    ("诚信教育", "word", [CAMPAIGN, LAUNCH]),
    ("市场监督管理局", "word", [CAMPAIGN, LAUNCH]),
    ("质量共治共享", "word", [FORUM, LAUNCH]),
    ("红利", "word", [XIA, LAUNCH]),
    ("宣传片", "word", [PUBLICITY, LAUNCH]),
    ("副局长", "word", [LAUNCH]),
    ("一站式", "word", [CAMPAIGN, LAUNCH]),
    ("昆报头条", "word", [LIANLIANKAN, LAUNCH]),
    # Traditional script finds Simplified content
    ("質量月", "traditional", [PUBLICITY, CAMPAIGN, LIANLIANKAN, LAUNCH]),
    ("夏嘉偉", "traditional", [XIA, CONTEST, LAUNCH]),
    ("連連看", "traditional", [LIANLIANKAN, CAMPAIGN, LAUNCH]),
    ("論壇", "traditional", [FORUM, CAMPAIGN, LAUNCH]),
    ("春城質量官", "traditional", [OFFICERS, *ALL_OFFICERS, CONTEST, LAUNCH]),
    ("體驗營", "traditional", [CAMP, CAMPAIGN, LAUNCH]),
    # Single characters
    ("娃", "single", [CAMP, LAUNCH]),
    ("抖", "single", [LIANLIANKAN, LAUNCH]),
    ("晏", "single", [YAN, CONTEST, LAUNCH]),
    ("豹", "single", [JIN, CONTEST, LAUNCH]),
    # Latin letters and digits
    ("0871-65392426", "number", [*ALL_ACTIVITIES, LAUNCH]),
    ("65392426", "number", [*ALL_ACTIVITIES, LAUNCH]),
    ("KMPP2022", "number", [*ALL_ACTIVITIES, LAUNCH]),
    ("kmpp2022@126.com", "number", [*ALL_ACTIVITIES, LAUNCH]),
    ("2021", "number", [KUAIZOU, LAUNCH]),
    ("800", "number", [CONTEST, LAUNCH]),
    # Several words: AND semantics
    ("夏嘉伟 演员", "mixed", [XIA, CONTEST, LAUNCH]),
    ("金飞豹 探险家", "mixed", [JIN, CONTEST, LAUNCH]),
    ("论坛 专家学者", "mixed", [FORUM, LAUNCH]),
    ("质量 直播", "mixed", [LIANLIANKAN, LAUNCH]),
    ("KMPP2022 品牌故事", "mixed", [CONTEST, LAUNCH]),
    # Nothing to find
    ("北京烤鸭", "none", []),
    ("上海", "none", []),
    ("xyzzy", "none", []),
    ("质量 上海", "none", []),
    ("😀", "none", []),
    ('"质量月" AND -论坛 NEAR(x)', "none", []),
]

# Name queries: nothing unexpected may rank in the top 3.
STRICT_TOP3_KINDS = {"name"}
