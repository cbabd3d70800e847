"""What moderators and judges do to submissions, independent of the admin views that call it."""

import datetime
import logging
import os
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape

from moderation.models import JudgingResult, PersonalDataAccess, Score

logger = logging.getLogger(__name__)

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


class ModerationError(Exception):
    """An action that cannot be done; the message is Chinese, for the moderator."""


# --- the access log -------------------------------------------------------------------------


def log_access(user, action, submission=None, form=None, count=1, detail=""):
    """Record one access to personal data (call it before the data leave the server)."""
    if submission is not None:
        form = submission.form
    return PersonalDataAccess.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "",
        action=action,
        form=form,
        submission_type=(submission._meta.verbose_name if submission is not None else "")
        or (form.submission_model._meta.verbose_name if form is not None else ""),
        submission_id=submission.pk if submission is not None else None,
        count=count,
        detail=detail[:255],
    )


def personal_data(submission):
    """[(label, value)] of the submission's personal fields, decrypted."""
    return [
        (str(submission._meta.get_field(name).verbose_name), getattr(submission, name) or "")
        for name in submission.PERSONAL_FIELDS
    ]


# --- erasure --------------------------------------------------------------------------------


def erase(submission, user=None, action=PersonalDataAccess.Action.ERASE, detail=""):
    """Erase the submission's contact data and uploaded files; keep what moderation needs (status, notes)."""
    with transaction.atomic():
        files = []
        for name in submission.FILE_FIELDS:
            field_file = getattr(submission, name)
            if field_file:
                files.append((field_file.storage, field_file.name))
            setattr(submission, name, "")
        for name in submission.PERSONAL_FIELDS:
            setattr(submission, name, "")
        submission.contact_digest = ""
        submission.erased_at = timezone.now()
        submission.save()
        log_access(user, action, submission=submission, detail=detail)

        def delete_files():
            for storage, name in files:
                try:
                    storage.delete(name)
                except OSError:
                    logger.exception("could not delete submission file %s", name)

        transaction.on_commit(delete_files)
    return submission


def erase_expired(now=None):
    """Erase the contact data of every submission older than its form's retention period. Returns the count.

    Run by the worker's scheduler on every tick (``moderation.tasks``) and by
    ``manage.py erase_expired_personal_data``.
    """
    from participation.models import SUBMISSION_MODELS, ParticipationForm

    now = now or timezone.now()
    erased = 0
    for form in ParticipationForm.objects.all():
        cutoff = now - datetime.timedelta(days=form.retention_days)
        model = SUBMISSION_MODELS[form.kind]
        expired = model.objects.filter(form=form, erased_at__isnull=True, created_at__lt=cutoff)
        # Two workers ticking at once erase (and log) each row once: rows another holds are skipped.
        if connection.features.has_select_for_update_skip_locked:
            expired = expired.select_for_update(skip_locked=True, of=("self",))
        for submission in expired:
            erase(
                submission,
                action=PersonalDataAccess.Action.EXPIRE,
                detail=f"超过保存期限 {form.retention_days} 天",
            )
            erased += 1
    return erased


# --- accepting ------------------------------------------------------------------------------


def officer_index_for(form):
    from campaign.models import OfficerIndexPage

    indexes = OfficerIndexPage.objects.order_by("path")
    return indexes.filter(apply_page_id=form.activity_id).first() or indexes.first()


def campaign_of(form):
    from campaign.models import CampaignPage

    if form.activity_id is None:
        return None
    return CampaignPage.objects.ancestor_of(form.activity).order_by("-depth").first()


def image_from_upload(field_file, title, user):
    """A Wagtail image copied from an applicant's private upload, private until its page is published."""
    from wagtail.images import get_image_model

    from moderation.photos import pending_collection

    Image = get_image_model()
    with field_file.open("rb") as handle:
        image = Image(
            title=title,
            collection=pending_collection(),
            description=title,
            file=ImageFile(handle, name=os.path.basename(field_file.name)),
            uploaded_by_user=user,
        )
        image.save()
    return image


def create_officer_draft(application, user):
    """A draft 春城质量官 page from an officer application, under the officers index."""
    from campaign.models import OfficerPage
    from newsroom.slugs import slug_for

    index = officer_index_for(application.form)
    if index is None:
        raise ModerationError("网站上还没有“春城质量官”列表页，无法生成草稿。请先建立列表页。")
    campaign = campaign_of(application.form)
    year = campaign.year if campaign is not None else timezone.now().astimezone(SHANGHAI).year
    photo = None
    if application.photo:
        photo = image_from_upload(application.photo, f"{application.name}的照片", user)
    page = OfficerPage(
        title=application.name,
        slug=slug_for(application.name, "", index),
        occupation=application.occupation,
        photo=photo,
        appointed_year=year,
        declaration=application.declaration,
        story=application.story,
        campaign=campaign,
        live=False,
        owner=user,
    )
    try:
        index.add_child(instance=page)
    except ValidationError as error:
        messages = "；".join(message for messages in error.message_dict.values() for message in messages)
        raise ModerationError(f"无法生成质量官草稿：{messages}") from None
    page.save_revision(user=user, log_action=True)
    return page


def set_status(submission, status, user):
    """Change the status; 采纳 of an officer application also creates its draft page (once)."""
    from participation.models import FormKind, Status

    with transaction.atomic():
        submission.status = status
        if submission.assignee_id is None and user is not None:
            submission.assignee = user
        page = None
        if status == Status.ACCEPTED and submission.kind == FormKind.OFFICER and submission.officer_page_id is None:
            page = create_officer_draft(submission, user)
            submission.officer_page = page
        submission.save()
    return page


def create_case_news_draft(case, user):
    """A draft news item about an accepted case, under the news index, for editors to write up."""
    from campaign.models import NewsIndexPage, NewsPage
    from newsroom.slugs import slug_for
    from participation.models import Status

    if case.status != Status.ACCEPTED:
        raise ModerationError("只有已采纳的案例才能生成新闻。")
    if case.news_page_id:
        raise ModerationError("这个案例已经生成过新闻草稿。")
    index = NewsIndexPage.objects.order_by("path").first()
    if index is None:
        raise ModerationError("网站上还没有新闻列表页，无法生成新闻草稿。")
    paragraphs = [line.strip() for line in case.case_text.splitlines() if line.strip()]
    campaign = campaign_of(case.form)
    title = f"{case.organisation}：{case.case_title}"[:255]
    page = NewsPage(
        title=title,
        slug=slug_for(title, "", index),
        source="质量昆明",
        author=case.organisation[:80],
        lead=(paragraphs[0] if paragraphs else case.case_title)[:300],
        body=[("paragraph", f"<p>{escape(text)}</p>") for text in paragraphs],
        campaign=campaign,
        live=False,
        owner=user,
    )
    with transaction.atomic():
        index.add_child(instance=page)
        if case.form.activity_id:
            page.activities.set([case.form.activity_id])
        page.save_revision(user=user, log_action=True)
        case.news_page = page
        case.save(update_fields=["news_page", "updated_at"])
    return page


# --- judging --------------------------------------------------------------------------------


def parse_criteria(text):
    """The form's published criteria, one a line as "名称 满分" (or "名称：满分"): [(name, max points)]."""
    criteria = []
    for line in (text or "").splitlines():
        line = line.strip().replace("：", " ").replace(":", " ")
        if not line:
            continue
        name, _, points = line.rpartition(" ")
        try:
            maximum = int(points)
        except ValueError:
            name, maximum = line, 10
        criteria.append((name.strip() or line, maximum))
    return criteria


def form_criteria(form):
    return parse_criteria(getattr(form, "judging_criteria", ""))


def judged_cases(form):
    """The cases the judges score: those accepted by the moderators."""
    from participation.models import CaseSubmission, Status

    return CaseSubmission.objects.filter(form=form, status=Status.ACCEPTED).order_by("created_at", "pk")


def save_score(case, judge, points, comment=""):
    total = sum(Decimal(str(value)) for value in points.values())
    score, _ = Score.objects.update_or_create(
        submission=case, judge=judge, defaults={"points": points, "total": total, "comment": comment}
    )
    return score


def ranking(form):
    """Judged cases with their average total and per-criterion averages, best first."""
    criteria = form_criteria(form)
    rows = []
    for case in judged_cases(form).prefetch_related("scores"):
        scores = list(case.scores.all())
        count = len(scores)
        average = sum((score.total for score in scores), Decimal(0)) / count if count else None
        per_criterion = []
        for name, _maximum in criteria:
            values = [Decimal(str(score.points.get(name, 0))) for score in scores]
            per_criterion.append(sum(values) / len(values) if values else None)
        rows.append(
            {
                "case": case,
                "judges": count,
                "average": average.quantize(Decimal("0.01"), ROUND_HALF_UP) if average is not None else None,
                "per_criterion": [
                    value.quantize(Decimal("0.01"), ROUND_HALF_UP) if value is not None else None
                    for value in per_criterion
                ],
            }
        )
    rows.sort(key=lambda row: (row["average"] is None, -(row["average"] or 0), row["case"].pk))
    for place, row in enumerate(rows, start=1):
        row["place"] = place if row["average"] is not None else None
    return rows


TOP = 10


def publish_result(form, user):
    """Fix the ranking and write a draft result news item (editors polish and publish it)."""
    from campaign.models import NewsIndexPage, NewsPage
    from newsroom.slugs import slug_for

    if JudgingResult.objects.filter(form=form).exists():
        raise ModerationError("评选结果已经发布过。")
    rows = [row for row in ranking(form) if row["average"] is not None]
    if not rows:
        raise ModerationError("还没有任何评分，不能发布结果。")
    winners = rows[:TOP]
    index = NewsIndexPage.objects.order_by("path").first()
    page = None
    with transaction.atomic():
        if index is not None:
            title = f"{form.title}评选结果揭晓"[:255]
            items = "".join(
                f"<li>{escape(row['case'].organisation)}：{escape(row['case'].case_title)}</li>" for row in winners
            )
            page = NewsPage(
                title=title,
                slug=slug_for(title, "", index),
                lead=f"经评委评审，{len(winners)} 个案例入选。",
                body=[("paragraph", f"<ol>{items}</ol>")],
                campaign=campaign_of(form),
                live=False,
                owner=user,
            )
            index.add_child(instance=page)
            if form.activity_id:
                page.activities.set([form.activity_id])
            page.save_revision(user=user, log_action=True)
        result = JudgingResult.objects.create(
            form=form,
            published_at=timezone.now(),
            published_by=user,
            ranking=[row["case"].pk for row in winners],
            news_page=page,
        )
    return result
