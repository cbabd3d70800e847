"""Honest publication times: 发布时间 follows the real go-live unless set on purpose.

The admin form shows 发布时间 blank on a news item that has never been
published. Left blank, the item is saved with a provisional time and
``published_at_fixed`` False; its first publication (Wagtail's documented
``page_published`` signal, sent when the page really goes live, also for an
approved schedule) sets 发布时间 to that moment (the approved go-live time) and
fixes it. A date the editor types is kept as they typed it.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

BLANK_HELP_TEXT = "留空则以实际上线时间为准（首次发布或批准的定时发布时间）；如需显示其他时间，请填写。"


def prepare_form(form):
    """Make 发布时间 optional, and blank on an item that has never been published."""
    field = form.fields.get("published_at")
    instance = form.instance
    if field is None or not hasattr(instance, "published_at_fixed"):
        return
    field.required = False
    field.help_text = BLANK_HELP_TEXT
    if not instance.first_published_at and not (instance.pk and instance.published_at_fixed):
        form.initial["published_at"] = None


def clean_form(form):
    """A blank 发布时间 follows go-live; a typed one is fixed as typed."""
    instance = form.instance
    if "published_at" not in form.fields or not hasattr(instance, "published_at_fixed"):
        return
    value = form.cleaned_data.get("published_at")
    if value is None:
        if "published_at" in form.errors:
            return
        if instance.first_published_at:
            # Already live once: a cleared field keeps the time readers have seen.
            form.cleaned_data["published_at"] = instance.published_at
        else:
            form.cleaned_data["published_at"] = form.cleaned_data.get("go_live_at") or timezone.now()
            instance.published_at_fixed = False
    elif value != instance.published_at or instance.published_at_fixed or not instance.pk:
        instance.published_at_fixed = True


def fix_at_first_publication(sender, instance, revision=None, **kwargs):
    """``page_published`` receiver: the first go-live sets a following 发布时间."""
    page = instance.specific
    # Wagtail also sends it when an approved schedule is recorded; the page goes live later.
    if not page.live or getattr(page, "published_at_fixed", True):
        return
    now = timezone.now()
    go_live = page.go_live_at if page.go_live_at and page.go_live_at <= now else now
    type(page).objects.filter(pk=page.pk).update(published_at=go_live, published_at_fixed=True)
    page.published_at, page.published_at_fixed = go_live, True
    # Later revisions are copied onto the page when published: they carry the fixed time too.
    serialized = DjangoJSONEncoder().default(go_live)
    for later in page.revisions.all():
        content = later.content
        if content.get("published_at_fixed") is False:
            content["published_at"], content["published_at_fixed"] = serialized, True
            later.save(update_fields=["content"])


def go_live_message(page, action):
    """What happened, in the editor's words: "已批准，将于 12月3日 16:00 发布"."""
    go_live = getattr(page, "go_live_at", None)
    scheduled = bool(go_live and go_live > timezone.now())
    when = ""
    if scheduled:
        local = timezone.localtime(go_live)
        today = timezone.localtime().date()
        when = local.strftime("%H:%M") if local.date() == today else f"{local.month}月{local.day}日 {local:%H:%M}"
    title = f"“{page.title}”"
    if action == "approve":
        return f"{title}已批准，将于 {when} 发布" if scheduled else f"{title}已批准并发布"
    if action == "reject":
        return f"{title}已退回作者修改"
    if action == "publish":
        return f"{title}已排定，将于 {when} 发布" if scheduled else f"{title}已发布"
    return None


def say(request, text):
    """Add what happened after Wagtail's generic confirmation ("……已被更新")."""
    from django.contrib import messages

    messages.success(request, text)
