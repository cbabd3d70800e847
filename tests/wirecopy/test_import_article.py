"""manage.py import_article: wire copy becomes draft news, never published."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from campaign.models import NewsPage
from tests.factories import NewsIndexPageFactory

SEED = Path(__file__).resolve().parents[2] / "wirecopy" / "seed" / "000_82f4a8ec1a3a9c5b.txt"
# Glosses, mojibake, Traditional characters, ASCII punctuation between ideographs.
DAMAGE = re.compile(
    r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+[)）]|[顒訉⒊蝹フ\ufffd]|[質監頭動]|[\u4e00-\u9fff][,;?][\u4e00-\u9fff]"
)

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_article", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def page_text(page):
    blocks = " ".join(str(block.value) for block in page.body)
    return " ".join([page.title, page.source, page.lead, blocks])


@pytest.fixture
def seed_file(tmp_path):
    return Path(shutil.copy(SEED, tmp_path / "launch.txt"))


@pytest.fixture
def damaged_file(tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_text("昆明信息港讯 质量月启动。\n\n活动顒訉⒊掷将持续。\n", encoding="utf-8")
    return path


def test_seed_becomes_one_clean_draft(news_index, seed_file):
    out, err, error = run(seed_file)

    assert error is None, err
    page = NewsPage.objects.get()
    assert page.get_parent().specific == news_index
    assert not page.live
    assert page.has_unpublished_changes
    assert page.latest_revision is not None
    assert page.first_published_at is None
    assert page.title == "一年一度的9月全国“质量月”到来"
    assert page.slug == "yinianyidude-9-yue-quanguo-zhiliangyue-daolai"  # pinyin, as in the admin import
    assert page.source == "昆明信息港"
    assert page.lead.startswith("一年一度的9月全国“质量月”到来。")
    assert page.import_warnings == ""

    text = page_text(page)
    assert not DAMAGE.search(text)
    assert "活动将持续至10月，期待各单位" in text
    assert "KMPP2022@126.com" in text
    assert "0871-65392426" in text
    headings = [block.value for block in page.body if block.block_type == "heading"]
    assert "活动一：2022年“质量月”系列宣传" in headings
    paragraph = next(block for block in page.body if block.block_type == "paragraph")
    assert paragraph.value.source.startswith("<p>今年，昆明市创新活动形式")

    # The latest revision is what editors open in the admin.
    revision_page = page.latest_revision.as_object()
    assert revision_page.title == page.title
    assert not DAMAGE.search(page_text(revision_page))
    assert "导入 1 篇，拒绝 0 篇" in out


def test_imported_draft_is_not_public(news_index, seed_file, client):
    run(seed_file)
    page = NewsPage.objects.get()
    assert client.get(page.url).status_code == 404


def test_importing_twice_gives_two_drafts_with_distinct_slugs(news_index, seed_file):
    run(seed_file)
    run(seed_file)
    assert len(set(NewsPage.objects.values_list("slug", flat=True))) == 2


def test_empty_file_is_refused_and_nothing_is_written(news_index, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    out, err, error = run(empty)

    assert error is not None
    assert "拒绝 1 篇" in str(error)
    assert "empty.txt" in err and "文件为空" in err
    assert not NewsPage.objects.exists()


def test_good_file_is_imported_when_others_fail(news_index, seed_file, tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    missing = tmp_path / "missing.txt"

    out, err, error = run(binary, seed_file, missing)

    assert error is not None
    assert "导入 1 篇，拒绝 2 篇" in str(error)
    assert "photo.jpg: 无法导入" in err and "二进制" in err
    assert "missing.txt: 无法导入：文件不存在" in err
    assert NewsPage.objects.count() == 1
    assert NewsPage.objects.get().source == "昆明信息港"


def test_unrepaired_damage_is_imported_with_warnings(news_index, damaged_file):
    out, err, error = run(damaged_file)

    assert error is None
    page = NewsPage.objects.get()
    assert not page.live
    # The editor is pointed at the block, the terminal at the file's line; the passage is quoted whole.
    assert page.import_warnings.startswith("正文第 1 段：疑似乱码“颙訉⒊”")
    assert f"{damaged_file}:3: 正文第 1 段：疑似乱码" in err
    assert "1 篇有警告" in out
    # The damaged paragraph is marked in the draft itself.
    paragraph = next(block for block in page.body if block.block_type == "paragraph")
    assert paragraph.value.source.startswith("<p><b>【待核对】</b>活动")


def test_strict_refuses_unrepaired_damage(news_index, damaged_file, seed_file):
    out, err, error = run(damaged_file, seed_file, "--strict")

    assert error is not None
    assert "导入 1 篇，拒绝 1 篇" in str(error)
    assert f"{damaged_file}:3: 疑似乱码" in err
    assert NewsPage.objects.count() == 1
    assert NewsPage.objects.get().source == "昆明信息港"


def test_parent_can_be_chosen(home, news_index, seed_file):
    other = NewsIndexPageFactory(parent=home, title="其他新闻", slug="other-news")
    run(seed_file, "--parent", other.pk)
    assert NewsPage.objects.get().get_parent().pk == other.pk


def test_unknown_parent_is_an_error(news_index, seed_file):
    _, _, error = run(seed_file, "--parent", 999999)
    assert "找不到 ID 为 999999 的新闻列表页" in str(error)
    assert not NewsPage.objects.exists()


def test_without_a_news_index_nothing_is_imported(home, seed_file):
    _, _, error = run(seed_file)
    assert "没有新闻列表页" in str(error)
    assert not NewsPage.objects.exists()


def test_cleaning_happens_before_any_transaction(news_index, seed_file, monkeypatch):
    # The import must not hold the database's write lock while it cleans (a slow file would
    # starve the worker): the cleaner runs outside any atomic block, only saving takes one.
    from django.db import connection

    from wirecopy import importer

    seen = []
    baseline = len(connection.atomic_blocks)
    real_clean = importer.clean_article

    def clean_and_record(text):
        seen.append(len(connection.atomic_blocks))  # the test's own blocks, plus any the import opened
        return real_clean(text)

    monkeypatch.setattr(importer, "clean_article", clean_and_record)
    out, err, error = run(seed_file)
    assert error is None, err
    assert seen == [baseline]
    assert NewsPage.objects.count() == 1
