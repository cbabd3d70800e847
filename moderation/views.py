"""Admin views of moderation: a submission's detail (personal data on request, logged), the actions
on it, the export, and the judging of 十佳案例. Every view checks ``moderation.access`` first."""

import csv
import io
import mimetypes
import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_user_display_name

from moderation import access, services
from moderation.models import JudgingResult, PersonalDataAccess, Score

# Fields shown to nobody in the detail view: internal bookkeeping.
HIDDEN_FIELDS = {"id", "contact_digest", "form"}


def submission_models():
    from participation.models import SUBMISSION_MODELS

    return {model._meta.model_name: model for model in SUBMISSION_MODELS.values()}


def get_submission(model_name, pk):
    model = submission_models().get(model_name)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.select_related("form", "assignee"), pk=pk)


def queue_url(submission_or_model, form=None):
    model = submission_or_model if isinstance(submission_or_model, type) else type(submission_or_model)
    url = reverse(f"{model._meta.app_label}_{model._meta.model_name}:index")
    return f"{url}?form={form.pk}" if form is not None else url


def detail_url(submission):
    return reverse("moderation_submission", args=(submission._meta.model_name, submission.pk))


def public_fields(submission):
    """[(label, value)] of what the submission holds besides personal data and files."""
    rows = []
    skipped = HIDDEN_FIELDS | set(submission.PERSONAL_FIELDS) | set(submission.FILE_FIELDS)
    for field in submission._meta.concrete_fields:
        if field.name in skipped:
            continue
        if field.choices:
            value = getattr(submission, f"get_{field.name}_display")()
        elif field.is_relation:
            value = getattr(submission, field.name)
        else:
            value = getattr(submission, field.attname)
        if hasattr(value, "tzinfo") and value is not None:
            value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, bool):
            value = "是" if value else "否"
        rows.append((field.verbose_name, "" if value is None else value))
    return rows


def submission_detail(request, model_name, pk):
    access.require_moderator(request.user)
    submission = get_submission(model_name, pk)
    show_personal = request.GET.get("personal") == "1" and submission.erased_at is None
    personal = None
    files = []
    if show_personal:
        services.log_access(request.user, PersonalDataAccess.Action.VIEW, submission=submission)
        personal = services.personal_data(submission)
    for name in submission.FILE_FIELDS:
        if getattr(submission, name):
            files.append(
                {
                    "label": submission._meta.get_field(name).verbose_name,
                    "url": reverse("moderation_file", args=(model_name, submission.pk, name)),
                    "is_image": name == "photo",
                }
            )
    from participation.models import FormKind, Status

    return TemplateResponse(
        request,
        "moderation/submission_detail.html",
        {
            "submission": submission,
            "model_name": model_name,
            "fields": public_fields(submission),
            "personal": personal,
            "files": files,
            "show_personal": show_personal,
            "can_accept": submission.status != Status.ACCEPTED,
            "can_make_news": submission.kind == FormKind.CASE
            and submission.status == Status.ACCEPTED
            and not submission.news_page_id,
            "officer_page": getattr(submission, "officer_page", None),
            "news_page": getattr(submission, "news_page", None),
            "edit_url": reverse(f"{submission._meta.app_label}_{model_name}:edit", args=(submission.pk,)),
            "queue_url": queue_url(submission, submission.form),
            "assignee_name": get_user_display_name(submission.assignee) if submission.assignee_id else "",
            "personal_url": f"{detail_url(submission)}?personal=1",
        },
    )


@require_POST
def accept(request, model_name, pk):
    from participation.models import Status

    access.require_moderator(request.user)
    submission = get_submission(model_name, pk)
    try:
        page = services.set_status(submission, Status.ACCEPTED, request.user)
    except services.ModerationError as error:
        messages.error(request, str(error))
        return redirect(detail_url(submission))
    if page is not None:
        messages.success(request, f"已采纳，并生成了质量官草稿“{page.title}”，请编辑润色后发布。")
        return redirect("wagtailadmin_pages:edit", page.pk)
    messages.success(request, "已采纳。")
    return redirect(detail_url(submission))


@require_POST
def make_news(request, model_name, pk):
    access.require_moderator(request.user)
    submission = get_submission(model_name, pk)
    if model_name != "casesubmission":
        raise Http404
    try:
        page = services.create_case_news_draft(submission, request.user)
    except services.ModerationError as error:
        messages.error(request, str(error))
        return redirect(detail_url(submission))
    messages.success(request, f"已生成新闻草稿“{page.title}”，请编辑后提交审核。")
    return redirect("wagtailadmin_pages:edit", page.pk)


def erase_one(request, model_name, pk):
    access.require_moderator(request.user)
    submission = get_submission(model_name, pk)
    if request.method == "POST":
        if submission.erased_at is None:
            reason = request.POST.get("reason", "").strip()
            services.erase(submission, user=request.user, detail=reason or "应本人要求删除")
            messages.success(request, "已删除该提交者的联系方式和上传文件。")
        return redirect(detail_url(submission))
    return TemplateResponse(
        request, "moderation/erase_confirm.html", {"submission": submission, "model_name": model_name}
    )


def download_file(request, model_name, pk, field):
    """An applicant's upload, for moderators (and, for a case's document, judges); each download is logged."""
    submission = get_submission(model_name, pk)
    allowed = access.can_moderate(request.user) or (
        model_name == "casesubmission" and field == "document" and access.can_judge(request.user)
    )
    if not allowed:
        raise PermissionDenied
    if field not in submission.FILE_FIELDS or not getattr(submission, field):
        raise Http404
    field_file = getattr(submission, field)
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    services.log_access(
        request.user,
        PersonalDataAccess.Action.DOWNLOAD,
        submission=submission,
        detail=str(submission._meta.get_field(field).verbose_name),
    )
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{os.path.basename(field_file.name)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- overview and export --------------------------------------------------------------------


def overview(request):
    access.require_moderator(request.user)
    from participation.models import ParticipationForm, Status

    forms = []
    for form in ParticipationForm.objects.select_related("activity").order_by("sort_order", "pk"):
        counts = dict(form.submissions().values_list("status").annotate(n=Count("pk")).order_by())
        forms.append(
            {
                "form": form,
                "counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
                "total": sum(counts.values()),
                "queue_url": queue_url(form.submission_model, form),
                "export_url": reverse("moderation_export", args=(form.pk,)),
                "public_count": form.public_count_text(),
            }
        )
    return TemplateResponse(request, "moderation/overview.html", {"forms": forms, "statuses": Status.choices})


def export_rows(form, status=None):
    """Chinese headers and one row per submission: every field, personal data decrypted."""
    model = form.submission_model
    queryset = model.objects.filter(form=form).select_related("assignee").order_by("created_at", "pk")
    if status:
        queryset = queryset.filter(status=status)
    columns = [("pk", "编号")]
    for field in model._meta.concrete_fields:
        if field.name in {"id", "contact_digest", "form", *model.FILE_FIELDS}:
            continue
        columns.append((field.name, str(field.verbose_name)))
    header = [label for _, label in columns]
    rows = []
    for submission in queryset:
        row = []
        for name, _label in columns:
            if name == "pk":
                value = submission.pk
            else:
                field = model._meta.get_field(name)
                if field.choices:
                    value = getattr(submission, f"get_{name}_display")()
                elif field.is_relation:
                    related = getattr(submission, name)
                    if related is None:
                        value = ""
                    elif name == "assignee":
                        value = get_user_display_name(related)  # 姓名, not the login name
                    else:
                        value = str(related)
                else:
                    value = getattr(submission, field.attname)
            if hasattr(value, "tzinfo") and value is not None:
                value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if isinstance(value, bool):
                value = "是" if value else "否"
            row.append("" if value is None else value)
        rows.append(row)
    return header, rows


def spreadsheet_safe(value):
    """Cells that a spreadsheet would run as a formula start with an apostrophe instead."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export(request, form_id):
    from participation.models import ParticipationForm, Status

    if not access.can_moderate(request.user):
        # A plain 403 (the admin would turn PermissionDenied into a redirect): scripts see the refusal.
        return HttpResponse("只有审核人员可以导出。", status=403, content_type="text/plain; charset=utf-8")
    form = get_object_or_404(ParticipationForm, pk=form_id)
    status = request.GET.get("status") or ""
    if status and status not in Status.values:
        return HttpResponse("未知的状态。", status=400, content_type="text/plain; charset=utf-8")
    file_format = request.GET.get("format", "xlsx")
    if file_format not in ("csv", "xlsx"):
        return HttpResponse("只支持 csv 和 xlsx 格式。", status=400, content_type="text/plain; charset=utf-8")
    header, rows = export_rows(form, status)
    rows = [[spreadsheet_safe(value) for value in row] for row in rows]
    services.log_access(
        request.user,
        PersonalDataAccess.Action.EXPORT,
        form=form,
        count=len(rows),
        detail=f"{file_format.upper()}，状态：{Status(status).label if status else '全部'}",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"participation-{form.pk}-{stamp}.{file_format}"
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel reads UTF-8 only with the BOM
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "提交"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- judging 十佳案例 -------------------------------------------------------------------------


def case_forms():
    from participation.models import FormKind, ParticipationForm

    return ParticipationForm.objects.filter(kind=FormKind.CASE).order_by("sort_order", "pk")


def judging_index(request):
    if not (access.can_judge(request.user) or access.can_moderate(request.user)):
        raise PermissionDenied
    forms = []
    for form in case_forms():
        cases = services.judged_cases(form)
        mine = Score.objects.filter(submission__in=cases, judge=request.user).count()
        forms.append(
            {
                "form": form,
                "criteria": services.form_criteria(form),
                "cases": cases.count(),
                "mine": mine,
                "result": JudgingResult.objects.filter(form=form).first(),
            }
        )
    return TemplateResponse(
        request,
        "moderation/judging_index.html",
        {"forms": forms, "is_judge": access.can_judge(request.user), "is_moderator": access.can_moderate(request.user)},
    )


def judging_cases(request, form_id):
    access.require_judge(request.user)
    form = get_object_or_404(case_forms(), pk=form_id)
    scores = {score.submission_id: score for score in Score.objects.filter(judge=request.user, submission__form=form)}
    cases = [{"case": case, "score": scores.get(case.pk)} for case in services.judged_cases(form)]
    return TemplateResponse(
        request,
        "moderation/judging_cases.html",
        {"form": form, "cases": cases, "criteria": services.form_criteria(form)},
    )


def score_case(request, pk):
    """A judge reads a case (never its contact fields) and scores it against the form's criteria."""
    from participation.models import CaseSubmission, Status

    access.require_judge(request.user)
    case = get_object_or_404(CaseSubmission.objects.select_related("form"), pk=pk, status=Status.ACCEPTED)
    criteria = services.form_criteria(case.form)
    existing = Score.objects.filter(submission=case, judge=request.user).first()
    errors = []
    values = dict(existing.points) if existing else {}
    comment = existing.comment if existing else ""
    if request.method == "POST":
        if JudgingResult.objects.filter(form=case.form).exists():
            errors.append("评选结果已经发布，不能再修改评分。")
        values = {}
        for index, (name, maximum) in enumerate(criteria):
            raw = request.POST.get(f"criterion-{index}", "").strip()
            try:
                number = int(raw)
            except ValueError:
                errors.append(f"请为“{name}”填写 0 到 {maximum} 之间的整数。")
                values[name] = raw
                continue
            if not 0 <= number <= maximum:
                errors.append(f"“{name}”的得分须在 0 到 {maximum} 之间。")
            values[name] = number
        comment = request.POST.get("comment", "").strip()
        if not criteria:
            errors.append("这个表单还没有公布评审标准，暂时不能评分。")
        if not errors:
            services.save_score(case, request.user, values, comment)
            messages.success(request, f"已保存对“{case.case_title}”的评分。")
            return redirect("moderation_judging_cases", case.form_id)
    document_url = reverse("moderation_file", args=("casesubmission", case.pk, "document")) if case.document else None
    return TemplateResponse(
        request,
        "moderation/score_case.html",
        {
            "case": case,
            "criteria": [
                {"index": index, "name": name, "maximum": maximum, "value": values.get(name, "")}
                for index, (name, maximum) in enumerate(criteria)
            ],
            "comment": comment,
            "errors": errors,
            "document_url": document_url,
        },
        status=400 if errors else 200,
    )


def ranking_view(request, form_id):
    access.require_moderator(request.user)
    form = get_object_or_404(case_forms(), pk=form_id)
    result = JudgingResult.objects.filter(form=form).select_related("news_page").first()
    if request.method == "POST":
        try:
            result = services.publish_result(form, request.user)
        except services.ModerationError as error:
            messages.error(request, str(error))
            return redirect("moderation_ranking", form.pk)
        if result.news_page_id:
            messages.success(request, "评选结果已确定，并生成了结果新闻草稿，请编辑后提交审核发布。")
            return redirect("wagtailadmin_pages:edit", result.news_page_id)
        messages.success(request, "评选结果已确定。")
        return redirect("moderation_ranking", form.pk)
    return TemplateResponse(
        request,
        "moderation/ranking.html",
        {
            "form": form,
            "criteria": services.form_criteria(form),
            "rows": services.ranking(form),
            "result": result,
            "top": services.TOP,
        },
    )
