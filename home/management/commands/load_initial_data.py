"""Load the 2022 Quality Month demo content. Safe to run any number of times."""

from io import BytesIO

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.html import escape
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from campaign.models import (
    ActivityDocument,
    ActivityPage,
    ActivitySession,
    CampaignOrganisation,
    CampaignPage,
    NewsIndexPage,
    NewsPage,
    OfficerIndexPage,
    OfficerPage,
    Organisation,
    SubActivity,
)
from campaign.models.activity import SHANGHAI
from home.demo import content, images, reports
from home.models import HomePage

SITE_NAME = "质量昆明"


def ensure_tree_roots():
    """The root page, locale and root collection, rebuilt if a flush emptied the database."""
    root = Page.get_first_root_node()
    if root is None:
        # A flush re-creates content types under new ids; drop the ids cached before it.
        ContentType.objects.clear_cache()
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant("zh-hans"))
        root = Page.add_root(title="全部站点", slug="root", content_type=ContentType.objects.get_for_model(Page))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="全部")
    return root


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{escape(text)}</p>"}


def rich(*texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


class Command(BaseCommand):
    help = "加载2022年昆明市全国“质量月”演示内容（可重复运行，不会重复创建）。"

    def handle(self, *args, **options):
        self.created = 0
        with transaction.atomic():
            home = self.home_page()
            organisations = self.organisations()
            campaign = self.campaign(home, organisations)
            activities = {number: self.activity(campaign, number) for number in content.ACTIVITIES}
            self.reports(activities[2])
            for activity in activities.values():
                self.sessions(activity)
            self.participation_forms(activities)
            officers = self.officers(home, campaign)
            self.news(home, campaign, activities, officers)
        if self.created:
            # Index now rather than waiting for the worker, so search works at once.
            call_command("update_index", verbosity=0)
        verb = f"新建 {self.created} 项" if self.created else "已是最新，无需新建"
        self.stdout.write(self.style.SUCCESS(f"演示内容加载完成：{verb}。"))

    # -- helpers -----------------------------------------------------------

    def child(self, parent, slug):
        return parent.get_children().filter(slug=slug).specific().first()

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page

    def image(self, title, alt, data, focal=None):
        Image = get_image_model()
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        image = Image(title=title, description=alt)
        image.file = ImageFile(BytesIO(data), name=f"demo-{abs(hash(title)) % 10**8}.png")
        if focal:
            image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = focal
        image.save()
        self.created += 1
        return image

    def document(self, title, file_name, data):
        Document = get_document_model()
        existing = Document.objects.filter(title=title).first()
        if existing:
            return existing
        document = Document(title=title, collection=Collection.get_first_root_node())
        document.file = File(BytesIO(data), name=file_name)
        document.save()
        self.created += 1
        return document

    # -- content -----------------------------------------------------------

    def home_page(self):
        home = HomePage.objects.first()
        if home is None:
            root = ensure_tree_roots()
            # Wagtail's placeholder welcome page is removed; real content is never touched.
            for placeholder in root.get_children().filter(content_type__model="page"):
                if not placeholder.get_children().exists():
                    Site.objects.filter(root_page=placeholder).delete()
                    placeholder.delete()
            root.refresh_from_db()
            home = HomePage(
                title=SITE_NAME,
                slug="home",
                introduction="一年一度的全国“质量月”，昆明在行动。",
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created += 1
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name=SITE_NAME)
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = SITE_NAME
            site.save()
        return home

    def organisations(self):
        result = {}
        for name, parent_name, role in content.ORGANISATIONS:
            organisation, created = Organisation.objects.get_or_create(name=name, defaults={"parent_name": parent_name})
            self.created += created
            result[name] = (organisation, role)
        return result

    def campaign(self, home, organisations):
        campaign = self.child(home, "2022")
        if campaign:
            return campaign
        hero = self.image(
            "2022年昆明市全国“质量月”主图",
            "2022年昆明市全国“质量月”活动主视觉",
            images.card("campaign-2022", "2022", "昆明市全国“质量月”", size=(1600, 900)),
            focal=(800, 450, 1600, 900),
        )
        lines = content.seed_lines()
        campaign = CampaignPage(
            title="2022年昆明市全国“质量月”",
            slug="2022",
            year=2022,
            theme="全面展现高质量发展赛道上的“昆明质量发展速度”",
            launch_date=content.ACTIVITIES[1]["dates"][0],
            start_date=content.ACTIVITIES[1]["dates"][0],
            end_date=content.ACTIVITIES[2]["dates"][1],
            introduction=content.sentence_containing("创新活动形式"),
            body=rich(lines[0], lines[1], content.line_starting("本次活动由")),
            history=rich(content.line_starting("“质量月”活动始于1978年")),
            headline_figures=[
                {
                    "type": "figure",
                    "value": {
                        "figure": "3项第一",
                        "label": "制造业产品质量合格率、政府质量工作社会公众满意度、服务质量监测三项测评均位列全省第一",
                    },
                },
                {
                    "type": "figure",
                    "value": {"figure": "连续三年", "label": "政府质量工作考核在“省考”中夺冠"},
                },
            ],
            contact_phone=content.HOTLINE,
            contact_email=content.EMAIL,
            hero_image=hero,
            search_description=content.sentence_containing("创新活动形式"),
        )
        campaign.organisations = [
            CampaignOrganisation(organisation=organisation, role=role, sort_order=index)
            for index, (organisation, role) in enumerate(organisations.values())
        ]
        return self.publish(home, campaign)

    def activity(self, campaign, number):
        data = content.ACTIVITIES[number]
        existing = self.child(campaign, data["slug"])
        if existing:
            return existing
        _heading, paragraphs = content.activity_section(number)
        start, end = data["dates"]
        hero = self.image(
            f"活动{'一二三四五六'[number - 1]}：{data['title']}",
            f"活动{'一二三四五六'[number - 1]}“{data['title']}”的活动卡片",
            images.card(f"activity-{number}", f"活动{'一二三四五六'[number - 1]}", "2022年昆明市“质量月”"),
            focal=(600, 337, 1200, 675),
        )
        how_to = [p for p in paragraphs if any(word in p for word in ("报名", "咨询", "报送", "领取"))]
        if not how_to:
            how_to = [content.sentence_containing("期待各单位")]
        summary = content.first_sentence(paragraphs[0]) if paragraphs else data["title"]
        # Each sentence once: the summary leads the page, how to take part has its own section.
        body = list(paragraphs)
        for text in how_to:
            body = [paragraph_text.replace(text, "").strip() for paragraph_text in body]
        body = [text[len(summary) :].strip() if text.startswith(summary) else text for text in body]
        how_to = [text[len(summary) :].strip() if text.startswith(summary) else text for text in how_to]
        body, how_to = [text for text in body if text], [text for text in how_to if text]
        activity = ActivityPage(
            title=data["title"],
            slug=data["slug"],
            number=number,
            edition=data["edition"],
            summary=summary[:300],
            body=[paragraph(text) for text in body],
            start_date=start,
            end_date=end,
            how_to_take_part=rich(*how_to),
            locations=[
                {"type": "location", "value": {"kind": kind, "name": name, "address": detail, "url": ""}}
                for kind, name, detail in data["locations"]
            ],
            contact_phone=data.get("contact_phone", content.HOTLINE),
            contact_email=data.get("contact_email", content.EMAIL),
            hero_image=hero,
            search_description=summary[:160],
        )
        activity.sub_activities = [
            SubActivity(title=title, description=description, sort_order=index)
            for index, (title, description) in enumerate(data["sub_activities"])
        ]
        return self.publish(campaign, activity)

    def reports(self, activity):
        """Activity 2's three 2021 reports, as sample PDFs listed under 相关报告 (home/demo/reports.py)."""
        documents = [
            self.document(reports.sample_title(title), file_name, reports.report_pdf(title))
            for file_name, title in reports.REPORTS
        ]
        attached = set(activity.related_documents.values_list("document_id", flat=True))
        if all(document.pk in attached for document in documents):
            return
        # Through a revision, as an editor would: the next edit in the admin keeps them.
        page = activity.get_latest_revision_as_object()
        page.related_documents = [
            ActivityDocument(document=document, sort_order=index) for index, document in enumerate(documents)
        ]
        page.save_revision().publish()
        self.created += 1

    def sessions(self, activity):
        """Timed sessions (Beijing time) from home/demo/content.py; the demo's times are samples (示例)."""
        data = content.ACTIVITIES[activity.number]
        wanted = [
            (title, start.replace(tzinfo=SHANGHAI), end.replace(tzinfo=SHANGHAI))
            for title, start, end in data.get("sessions", [])
        ]
        if not wanted:
            return
        have = [(item.title, item.start, item.end) for item in activity.sessions.order_by("sort_order")]
        if have == wanted:
            return
        # Through a revision, as an editor would: the next edit in the admin keeps them.
        page = activity.get_latest_revision_as_object()
        page.sessions = [
            ActivitySession(
                title=title, start=start, end=end, location=data.get("session_location", ""), sort_order=index
            )
            for index, (title, start, end) in enumerate(wanted)
        ]
        page.save_revision().publish()
        self.created += 1

    def participation_forms(self, activities):
        """The three public forms (participation/) on activities 5 and 3, with the camp's sample sessions."""
        from participation.models import CampSession, ParticipationForm

        for number, forms in content.PARTICIPATION_FORMS.items():
            activity = activities[number]
            for index, data in enumerate(forms):
                if ParticipationForm.objects.filter(activity=activity, kind=data["kind"]).exists():
                    continue
                form = ParticipationForm.objects.create(
                    activity=activity,
                    kind=data["kind"],
                    title=data["title"],
                    intro=data["intro"],
                    opens_at=content.PARTICIPATION_OPENS,
                    closes_at=content.PARTICIPATION_CLOSES,
                    purpose=content.PARTICIPATION_PURPOSE[data["kind"]],
                    consent_text=content.PARTICIPATION_CONSENT,
                    retention_days=365,
                    count_mode=data["count_mode"],
                    count_label=data["count_label"],
                    judging_criteria=data.get("judging_criteria", ""),
                    notify_emails="moderator@example.com",
                    sort_order=index,
                )
                for order, (title, starts_at, capacity) in enumerate(data.get("sessions", [])):
                    CampSession.objects.create(
                        form=form, title=title, starts_at=starts_at, capacity=capacity, sort_order=order
                    )
                self.created += 1

    def officers(self, home, campaign):
        index = self.child(home, "officers")
        if index is None:
            index = self.publish(
                home,
                OfficerIndexPage(
                    title="春城质量官",
                    slug="officers",
                    introduction=content.sentence_containing("您也可报名成为"),
                    # Until the application form exists: the contest whose 春城质量官征集 says how to apply.
                    apply_page=ActivityPage.objects.child_of(campaign).filter(number=5).first(),
                ),
            )
        result = {}
        for slug, name, occupation in content.OFFICERS:
            officer = self.child(index, slug)
            if officer is None:
                photo = self.image(
                    f"春城质量官 {name}",
                    f"春城质量官{name}（{occupation}）的头像",
                    images.avatar(slug, name[0]),  # the surname
                    focal=(400, 400, 600, 600),
                )
                is_xia = slug == "xia-jiawei"
                officer = self.publish(
                    index,
                    OfficerPage(
                        title=name,
                        slug=slug,
                        occupation=occupation,
                        photo=photo,
                        appointed_year=2022,
                        # Only 夏嘉伟's words are in the article; the others stay empty for editors.
                        declaration=content.xia_jiawei_quote() if is_xia else "",
                        story=content.xia_jiawei_story() if is_xia else "",
                        campaign=campaign,
                        search_description=f"{occupation}{name}，昆明市2022年“春城质量官”。",
                    ),
                )
            result[slug] = officer
        return result

    def news(self, home, campaign, activities, officers):
        index = self.child(home, "news")
        if index is None:
            index = self.publish(home, NewsIndexPage(title="新闻", slug="news", introduction="“质量月”新闻与资讯。"))
        if self.child(index, content.NEWS_SLUG):
            return
        lines = content.seed_lines()
        quote_line = content.line_containing("实至名归")
        story_end = quote_line.index("……") + len("……")
        fact_line = content.line_starting("新闻多一点")
        fact_index = lines.index(fact_line)
        # The hero already shows the campaign art; the body's picture is the six activities' card.
        themes = self.image(
            "2022年“质量月”六大主题活动",
            "2022年昆明市“质量月”六大主题活动卡片",
            images.card("themes-2022", "六大主题活动", "2022年昆明市“质量月”"),
            focal=(600, 337, 1200, 675),
        )
        body = [
            {
                "type": "image",
                "value": {"image": themes.pk, "caption": "2022年“质量月”六大主题活动", "credit": "质量昆明"},
            },
        ]
        body += [paragraph(line) for line in lines[1:fact_index] if line != quote_line]
        # The launch-ceremony paragraph ends in 夏嘉伟's own words: show them as a quote.
        body.insert(
            len(body) - 1,
            paragraph(quote_line[:story_end]),
        )
        body.insert(
            len(body) - 1,
            {
                "type": "quote",
                "value": {
                    "text": content.xia_jiawei_quote(),
                    "speaker": "夏嘉伟",
                    "speaker_title": "演员，昆明市2022年“春城质量官”",
                },
            },
        )
        body.append({"type": "heading", "value": f"新闻多一点：{lines[fact_index + 1]}"})
        for line in lines[fact_index + 2 :]:
            if any(line.startswith(marker) for marker in content.ACTIVITY_MARKERS):
                body.append({"type": "heading", "value": line})
            else:
                body.append(paragraph(line))
        body.append(
            {
                "type": "facts",
                "value": {
                    "title": "六大主题活动",
                    "items": [f"活动{'一二三四五六'[n - 1]}：{a.title}" for n, a in activities.items()],
                },
            }
        )
        news = NewsPage(
            title=content.NEWS_TITLE,
            slug=content.NEWS_SLUG,
            source="昆明信息港",
            author="昆明信息港",
            published_at=content.NEWS_PUBLISHED_AT,
            lead=lines[0],
            body=body,
            hero_image=campaign.hero_image,
            campaign=campaign,
            search_description=lines[0][:160],
        )
        news.tags.add(*content.NEWS_TAGS)
        news.activities = list(activities.values())
        news.officers = list(officers.values())
        self.publish(index, news)
