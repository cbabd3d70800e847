"""A scale dataset for benchmarks: realistic Chinese text, seeded, bulk-inserted."""

import datetime
import io
import multiprocessing
import os
import random
import re
import time
import zoneinfo

from django.apps import apps
from django.core.files.images import ImageFile
from django.db import connection, connections, transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from taggit.models import Tag
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from campaign.models import (
    ActivityPage,
    CampaignPage,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    OfficerIndexPage,
    OfficerPage,
)
from home.demo import content
from home.models import HomePage
from publishing.bulk import bulk_add_children
from publishing.renditions import NAMED_RENDITIONS
from search.backends import index_rows

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "嘉伟飞豹敏明华建国志强秀英丽娟海涛静燕军平刚桂芳玉兰文杰晓东云鹏春梅红霞俊峰雪松婷婷"
OCCUPATIONS = ["演员", "探险家", "基层医护人员", "教师", "工程师", "质检员", "企业家", "记者", "消防员", "农技员"]
TOPICS = [
    "质量月",
    "品牌建设",
    "质量强市",
    "小小质量官",
    "春城质量官",
    "产品质量",
    "计量",
    "标准化",
    "检验检测",
    "认证认可",
]
PLACES = ["五华区", "盘龙区", "官渡区", "西山区", "呈贡区", "晋宁区", "安宁市", "嵩明县", "宜良县", "石林县"]
KINDS = ["工作", "活动", "成果", "动态"]
TAGS = [*TOPICS, *PLACES, "启动仪式", "直播", "论坛", "体验营", "征集", "评选", "监管", "惠民", "服务", "发布会"]


class Counter:
    def __init__(self, total, label):
        self.bar = tqdm(total=total, desc=label, unit="页", file=None, leave=True, dynamic_ncols=True)

    def __call__(self, n):
        self.bar.update(n)

    def close(self):
        self.bar.close()


def sentences():
    text = "".join(content.seed_lines())
    return [s for s in re.findall(r"[^。！？]+[。！？]", text) if 8 <= len(s) <= 160]


def make_images(rng, count):
    Image = get_image_model()
    existing = list(Image.objects.filter(title__startswith="数据集图片"))
    for n in range(len(existing), count):
        picture = PILImage.new("RGB", (640, 360), tuple(rng.randrange(40, 200) for _ in range(3)))
        ImageDraw.Draw(picture).rectangle((40, 40, 600, 320), outline=(255, 255, 255), width=6)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        image = Image(title=f"数据集图片 {n + 1}", description=f"数据集示意图 {n + 1}")
        image.file = ImageFile(buffer, name=f"dataset-{n + 1}.png")
        image.save()
        existing.append(image)
    # The renditions the API and the pages serve, made once as on a site in use (not
    # during the first measured requests).
    for image in existing:
        image.get_renditions(*NAMED_RENDITIONS.values())
    return existing


def analyze():
    """Table statistics for the query planner, as a database that has been in use would have.

    Without them SQLite guesses which table of a join to start from and can
    scan all 100,000 pages for a list of 20 campaigns.
    """
    Image = get_image_model()
    models = [Page, HomePage, CampaignPage, ActivityPage, NewsIndexPage, NewsPage, OfficerIndexPage, OfficerPage]
    tables = [model._meta.db_table for model in models]
    tables += [NewsPageTag._meta.db_table, Tag._meta.db_table, Image._meta.db_table]
    tables += [NewsPage.activities.through._meta.db_table, NewsPage.officers.through._meta.db_table]
    tables.append(Image.get_rendition_model()._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def generate(news=100_000, activities=1000, campaigns=20, officers=500, images=200, seed=2022, index=True):
    """Add the dataset to a database that already holds the demo content. Returns timings."""
    rng = random.Random(seed)
    pool = sentences()
    home = HomePage.objects.get()
    timings = {}

    started = time.monotonic()
    image_objs = make_images(rng, images)
    timings["images"] = time.monotonic() - started

    def paragraph(k):
        return "".join(rng.choice(pool) for _ in range(k))

    started = time.monotonic()
    existing_years = set(CampaignPage.objects.values_list("year", flat=True))
    years = [y for y in range(2022 - campaigns * 2, 2022) if y not in existing_years][: max(0, campaigns - 1)]
    new_campaigns = [
        CampaignPage(
            title=f"{year}年昆明市全国“质量月”",
            slug=str(year),
            year=year,
            theme=rng.choice(TOPICS),
            start_date=datetime.date(year, 9, 1),
            end_date=datetime.date(year, 10, 31),
            introduction=paragraph(2),
            live=True,
        )
        for year in years
    ]
    bulk_add_children(home, new_campaigns)
    all_campaigns = list(CampaignPage.objects.order_by("year"))
    per_campaign = max(1, activities // len(all_campaigns))
    bar = Counter(per_campaign * len(all_campaigns), "活动")
    for campaign in all_campaigns:
        start = ActivityPage.objects.child_of(campaign).count()
        batch = [
            ActivityPage(
                title=f"{campaign.year}年{rng.choice(PLACES)}{rng.choice(TOPICS)}活动{n}",
                slug=f"activity-{n}",
                number=n,
                edition=f"第{rng.randint(1, 9)}届",
                summary=rng.choice(pool),
                body=[{"type": "paragraph", "value": f"<p>{paragraph(3)}</p>"}],
                start_date=datetime.date(campaign.year, 9, 1),
                end_date=datetime.date(campaign.year, 10, 31),
                contact_phone="0871-65392426",
                hero_image=rng.choice(image_objs),
                live=True,
            )
            for n in range(start + 1, per_campaign + 1)
        ]
        bulk_add_children(campaign, batch, progress=bar)
    bar.close()

    officer_index = OfficerIndexPage.objects.get()
    start = OfficerPage.objects.count()
    officer_pages = [
        OfficerPage(
            title=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
            slug=f"officer-{n}",
            occupation=rng.choice(OCCUPATIONS),
            appointed_year=rng.choice(all_campaigns).year,
            declaration=rng.choice(pool)[:90],
            story=paragraph(4)[:800],
            photo=rng.choice(image_objs),
            live=True,
        )
        for n in range(start + 1, officers + 1)
    ]
    bulk_add_children(officer_index, officer_pages)
    timings["campaigns_activities_officers"] = time.monotonic() - started

    started = time.monotonic()
    news_index = NewsIndexPage.objects.get()
    start = NewsPage.objects.count()
    total = max(0, news - start)
    bar = Counter(total, "新闻")
    tag_objs = [Tag.objects.get_or_create(name=name, defaults={"slug": f"tag-{i}"})[0] for i, name in enumerate(TAGS)]
    campaign_ids = [c.pk for c in all_campaigns]
    epoch = datetime.datetime(2004, 1, 1, tzinfo=SHANGHAI)
    span = int((datetime.datetime(2022, 12, 31, tzinfo=SHANGHAI) - epoch).total_seconds())
    chunk = 5000
    for chunk_start in range(start, start + total, chunk):
        batch = []
        for n in range(chunk_start + 1, min(start + total, chunk_start + chunk) + 1):
            published = epoch + datetime.timedelta(seconds=rng.randrange(span))
            batch.append(
                NewsPage(
                    title=f"{rng.choice(PLACES)}{rng.choice(TOPICS)}{rng.choice(KINDS)}第{n}期",
                    slug=f"news-{n}",
                    source=rng.choice(["昆明信息港", "昆明日报", "质量昆明"]),
                    author=rng.choice(["", "本报记者", "综合"]),
                    published_at=published,
                    first_published_at=published,
                    last_published_at=published,
                    lead=rng.choice(pool),
                    body=[{"type": "paragraph", "value": f"<p>{paragraph(rng.randint(2, 5))}</p>"} for _ in range(3)],
                    hero_image=rng.choice(image_objs) if rng.random() < 0.5 else None,
                    campaign_id=rng.choice(campaign_ids),
                    live=True,
                )
            )
        with transaction.atomic():
            bulk_add_children(news_index, batch, progress=bar)
            NewsPageTag.objects.bulk_create(
                [NewsPageTag(content_object_id=page.pk, tag=tag) for page in batch for tag in rng.sample(tag_objs, 2)]
            )
    bar.close()
    timings["news"] = time.monotonic() - started
    timings["news_per_second"] = total / timings["news"] if total and timings["news"] else 0

    analyze()

    if index:
        started = time.monotonic()
        indexed = build_index()
        timings["index"] = time.monotonic() - started
        timings["indexed"] = indexed
        timings["index_per_second"] = indexed / timings["index"] if timings["index"] else 0
    return timings


def _index_rows(job):
    """In a worker process: the index rows of one pk range of a model."""
    label, low, high = job
    model = apps.get_model(label)
    objs = model.objects.filter(pk__gt=low, pk__lte=high).order_by("pk")
    return index_rows(objs)


def _close_connections():
    connections.close_all()


def build_index(models=(CampaignPage, ActivityPage, OfficerPage, NewsPage), batch_size=500, workers=None):
    """Index the dataset's pages through the search backend. Returns how many.

    The text of each batch (loading the objects, extracting and segmenting
    their text: most of the work) is prepared in ``workers`` processes (one per
    CPU); this process writes it through the backend's index, in pk order.
    """
    indexed = 0
    backend = get_search_backend()
    workers = workers or os.cpu_count() or 1
    connections.close_all()  # the workers open their own
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_close_connections) as pool:
        for model in models:
            index = backend.get_index_for_model(model)
            pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
            bar = Counter(len(pks), f"索引 {model._meta.verbose_name}")
            # By pk ranges, not OFFSET (which re-reads all earlier rows per batch).
            jobs = [
                (model._meta.label, pks[start - 1] if start else 0, pks[min(start + batch_size, len(pks)) - 1])
                for start in range(0, len(pks), batch_size)
            ]
            for rows in pool.imap(_index_rows, jobs):
                index.add_rows(model, rows)
                indexed += len(rows)
                bar(len(rows))
            bar.close()
    return indexed
