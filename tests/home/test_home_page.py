"""The home page puts the current campaign up front."""

from campaign.models import ActivityPage


def test_home_shows_campaign_and_links_everywhere(demo, client):
    html = client.get("/").content.decode()
    assert "2022年昆明市全国“质量月”" in html
    for activity in ActivityPage.objects.all():
        assert f'href="{activity.url}"' in html
    assert 'href="/officers/xia-jiawei/"' in html
    assert 'href="/news/2022-quality-month-launch/"' in html
    assert 'href="/2022/"' in html


def test_admin_login_is_chinese(client, db):
    html = client.get("/admin/login/").content.decode()
    assert "登录" in html
    assert 'lang="zh-hans"' in html.lower() or "zh-hans" in html.lower()
