"""Wire copy in the admin: .txt files become draft news items, damage shown on the draft."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaign.models import NewsPage

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "wirecopy" / "seed" / "000_82f4a8ec1a3a9c5b.txt"
DAMAGED = (
    "质量强市 昆明快走活动报名开始\n\n本报讯 活动报名\ufffd\ufffd于9月5日开始。\n\n市民可通过昆报头条报名。\n".encode()
)


def txt(name, data):
    return SimpleUploadedFile(name, data, content_type="text/plain")


def post_files(client, news_index, *files):
    return client.post(reverse("newsroom_import"), {"files": list(files), "parent": news_index.pk})


def test_menu_item_and_form_are_in_chinese(client, editor, news_index):
    client.force_login(editor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("newsroom_import") in home  # the sidebar menu item
    page = client.get(reverse("newsroom_import")).content.decode()
    assert "稿件文件" in page and "导入为草稿" in page


def test_seed_and_damaged_file_become_drafts(client, editor, news_index):
    client.force_login(editor)
    response = post_files(client, news_index, txt("seed.txt", SEED.read_bytes()), txt("damaged.txt", DAMAGED))
    assert response.status_code == 200
    body = response.content.decode()
    assert "已导入 2 篇新闻草稿，其中 1 篇共 1 处有待核对的问题" in body

    drafts = NewsPage.objects.child_of(news_index).order_by("pk")
    assert drafts.count() == 2
    assert not any(page.live for page in drafts)
    for page in drafts:
        assert page.slug.isascii() and page.slug
        assert page.owner == editor

    damaged = drafts.get(title__startswith="质量强市")
    assert damaged.slug == "zhiliang-qiangshi-kunmingkuaizou-huodong-baoming-kaishi"
    # Pointed at the block the editor sees, quoting the whole damaged passage.
    assert (
        damaged.import_warnings == "导语：替换字符“\ufffd\ufffd”：原字已丢失，请对照原稿补全。"
        "原文：本报讯 活动报名【\ufffd\ufffd】于9月5日开始。"
    )
    assert "导语</strong>：替换字符" in body  # listed on the result page with its block
    assert damaged.lead.startswith("【待核对】活动报名")

    # The edit view shows the warning prominently.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(damaged.pk,))).content.decode()
    assert "这篇稿件导入时有 1 处无法自动修复的问题" in edit
    assert "导语：替换字符" in edit
    # The seed's damage was repaired: no warning banner on its draft.
    seed_page = drafts.exclude(pk=damaged.pk).get()
    assert seed_page.import_warnings == ""
    assert "質" not in seed_page.title


def test_a_bad_file_saves_nothing(client, editor, news_index):
    client.force_login(editor)
    response = post_files(client, news_index, txt("good.txt", DAMAGED), txt("binary.txt", b"\x00\x01\x02" * 40))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["files"])
    assert "binary.txt" in errors and "没有保存任何稿件" in errors
    assert not NewsPage.objects.exists()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("photo.jpg", b"\xff\xd8\xff", "不是 .txt 文件"),
        ("empty.txt", b"", "空文件"),
    ],
)
def test_wrong_files_are_form_errors(client, editor, news_index, name, data, message):
    client.force_login(editor)
    response = post_files(client, news_index, txt(name, data))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["files"])
    assert not NewsPage.objects.exists()


def test_no_file_is_a_form_error(client, editor, news_index):
    client.force_login(editor)
    response = client.post(reverse("newsroom_import"), {"parent": news_index.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["files"]


def test_partner_manager_cannot_import(client, partner_manager, news_index):
    client.force_login(partner_manager)
    response = post_files(client, news_index, txt("seed.txt", SEED.read_bytes()))
    assert response.status_code in (302, 403)
    assert not NewsPage.objects.exists()


def test_files_are_cleaned_before_the_transaction_opens(client, editor, news_index, monkeypatch):
    from django.db import connection

    from wirecopy import importer

    seen = []
    baseline = len(connection.atomic_blocks)
    real_clean = importer.clean_article

    def clean_and_record(text):
        seen.append(len(connection.atomic_blocks))  # the test's own blocks, plus any the import opened
        return real_clean(text)

    monkeypatch.setattr(importer, "clean_article", clean_and_record)
    client.force_login(editor)
    response = post_files(client, news_index, txt("a.txt", DAMAGED), txt("b.txt", SEED.read_bytes()))
    assert response.status_code == 200
    assert seen == [baseline, baseline]
    assert NewsPage.objects.child_of(news_index).count() == 2


def test_question_marks_for_a_lost_name_are_shown_not_hidden(client, editor, news_index):
    data = "夏嘉伟受聘春城质量官\n本报讯 知名演员???接受聘书。\n昆明市市场监镌ｇ理局举行仪式。\n".encode()
    client.force_login(editor)
    body = post_files(client, news_index, txt("name.txt", data)).content.decode()
    assert "其中 1 篇共 2 处有待核对的问题" in body
    page = NewsPage.objects.get()
    assert page.lead == "【待核对】知名演员???接受聘书。"
    assert "导语：连续问号“???”" in page.import_warnings
    assert "正文第 1 段：疑似乱码“镌ｇ”" in page.import_warnings
    assert page.body[0].block_type == "paragraph"
    assert page.body[0].value.source.startswith("<p><b>【待核对】</b>")


def test_a_file_too_damaged_to_list_says_its_count_is_a_minimum(client, editor, news_index):
    data = ("标题\n本报讯 导语。\n" + "质(zhì" * 1000 + "。\n").encode()
    client.force_login(editor)
    body = post_files(client, news_index, txt("garbage.txt", data)).content.decode()
    assert "其中 1 篇共 500 处以上有待核对的问题" in body
    page = NewsPage.objects.get()
    assert page.import_warnings.splitlines()[-1].startswith("正文第 1 段：从这里起问题太多")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "这篇稿件导入时有 500 处以上无法自动修复的问题" in edit
