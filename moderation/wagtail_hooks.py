"""参与审核 in the Wagtail admin: the queues (ModelViewSets with filters), the overview, judging, the access log."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from moderation import access, services, views
from moderation.models import PersonalDataAccess
from participation.models import (
    CampSignup,
    CaseSubmission,
    FormKind,
    OfficerApplication,
    ParticipationForm,
    Status,
)


def moderators():
    """Users who may be assigned a submission: active holders of the moderation permission."""
    User = get_user_model()
    codename = access.MODERATE.split(".")[1]
    holds = Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename) | Q(is_superuser=True)
    return User.objects.filter(holds, is_active=True).distinct().order_by("username")


class PersonChoiceField(django_filters.fields.ModelChoiceField):
    """A user chooser that shows people by 姓名 (get_user_display_name), not by login name."""

    def label_from_instance(self, obj):
        return get_user_display_name(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


def assignee_name(submission):
    return get_user_display_name(submission.assignee) if submission.assignee_id else ""


class SubmissionPolicy(ModelPermissionPolicy):
    """Moderators view and change (status, notes, assignee); nobody adds or deletes in the admin."""

    def user_has_permission(self, user, action):
        if action in {"view", "change"}:
            return access.can_moderate(user)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if {"view", "change"} & set(actions):
            return moderators()
        return get_user_model().objects.none()


class AccessLogPolicy(ModelPermissionPolicy):
    """The access log is written by the system only; administrators read it."""

    def user_has_permission(self, user, action):
        if action == "view":
            return access.can_read_access_log(user)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (OfficerApplication, CaseSubmission, CampSignup):
    register_permission_policy(_model, SubmissionPolicy(_model))
register_permission_policy(PersonalDataAccess, AccessLogPolicy(PersonalDataAccess))


def submission_filterset(submission_model, kind):
    class SubmissionFilterSet(WagtailFilterSet):
        form = django_filters.ModelChoiceFilter(
            label="表单", queryset=ParticipationForm.objects.filter(kind=kind), empty_label="全部表单"
        )
        status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部状态")
        assignee = PersonFilter(label="负责人", queryset=lambda request: moderators(), empty_label="全部")
        unassigned = django_filters.BooleanFilter(label="尚未分配负责人", field_name="assignee", lookup_expr="isnull")

        class Meta:
            model = submission_model
            fields = ["form", "status", "assignee"]

    return SubmissionFilterSet


class SubmissionEditView(generic.EditView):
    """Status, notes and assignee; setting 已采纳 does what the 采纳 button does."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "assignee" in form.fields:
            form.fields["assignee"].queryset = moderators()
            form.fields["assignee"].label_from_instance = get_user_display_name
        return form

    def save_instance(self):
        instance = self.form.save(commit=False)
        new_status = instance.status
        instance.status = type(instance).objects.values_list("status", flat=True).get(pk=instance.pk)
        if new_status != instance.status:
            self.created_page = services.set_status(instance, new_status, self.request.user)
        else:
            instance.save()
        return instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.ModerationError as error:
            form.add_error("status", str(error))
            return self.form_invalid(form)

    def get_success_url(self):
        return views.detail_url(self.object)


class SubmissionViewSet(ModelViewSet):
    icon = "form"
    form_fields = ["status", "assignee", "notes"]
    edit_view_class = SubmissionEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_admin_menu = False
    kind = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filterset_class = submission_filterset(self.model, self.kind)

    @property
    def list_display(self):
        return [
            TitleColumn("__str__", label="提交", get_url=views.detail_url),
            Column("form", label="表单"),
            Column("status", label="状态", accessor="get_status_display"),
            Column("assignee", label="负责人", accessor=assignee_name),
            DateColumn("created_at", label="提交时间"),
        ]


class OfficerApplicationViewSet(SubmissionViewSet):
    model = OfficerApplication
    kind = FormKind.OFFICER
    menu_label = "质量官报名"


class CaseSubmissionViewSet(SubmissionViewSet):
    model = CaseSubmission
    kind = FormKind.CASE
    menu_label = "十佳案例报送"


class CampSignupViewSet(SubmissionViewSet):
    model = CampSignup
    kind = FormKind.CAMP
    menu_label = "体验营报名"


class AccessLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label="操作", choices=PersonalDataAccess.Action.choices, empty_label="全部")

    class Meta:
        model = PersonalDataAccess
        fields = ["action", "form"]


class AccessLogViewSet(ModelViewSet):
    model = PersonalDataAccess
    icon = "history"
    menu_label = "个人信息访问记录"
    add_to_admin_menu = False
    inspect_view_enabled = False
    copy_view_enabled = False
    filterset_class = AccessLogFilterSet
    form_fields = ["detail"]  # no add or edit view is reachable (AccessLogPolicy)
    list_display = [
        Column("at", label="时间", accessor=lambda entry: timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")),
        Column("username", label="用户"),
        Column("action", label="操作", accessor="get_action_display"),
        Column("form", label="表单"),
        Column("submission_type", label="提交类型"),
        Column("submission_id", label="提交编号"),
        Column("count", label="涉及条数"),
        Column("detail", label="说明"),
    ]


class ParticipationFormViewSet(ModelViewSet):
    """Editors attach forms to activities: dates, purpose and consent, count shown, retention, criteria."""

    model = ParticipationForm
    icon = "form"
    menu_label = "参与表单"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["kind"]
    list_display = [
        TitleColumn("title", label="表单标题", url_name="participation_participationform:edit"),
        Column("kind", label="表单类型", accessor="get_kind_display"),
        Column("activity", label="所属活动"),
        Column("opens_at", label="开放时间", accessor=lambda form: form_time(form.opens_at)),
        Column("closes_at", label="截止时间", accessor=lambda form: form_time(form.closes_at)),
    ]
    panels = [
        FieldPanel("activity"),
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading="开放时间"),
        MultiFieldPanel(
            [FieldPanel("purpose"), FieldPanel("consent_text"), FieldPanel("retention_days")],
            heading="个人信息保护",
        ),
        FieldRowPanel([FieldPanel("count_mode"), FieldPanel("count_label")], heading="活动页上的计数"),
        FieldPanel("notify_emails"),
        FieldPanel("judging_criteria"),
        InlinePanel("camp_sessions", label="体验营场次", heading="体验营场次（仅体验营报名）"),
        FieldPanel("sort_order"),
    ]


def form_time(value):
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


viewsets = {
    "forms": ParticipationFormViewSet("participation_participationform", url_prefix="moderation/forms-setup"),
    "officer": OfficerApplicationViewSet("participation_officerapplication", url_prefix="moderation/officer"),
    "case": CaseSubmissionViewSet("participation_casesubmission", url_prefix="moderation/case"),
    "camp": CampSignupViewSet("participation_campsignup", url_prefix="moderation/camp"),
    "log": AccessLogViewSet("moderation_personaldataaccess", url_prefix="moderation/access-log"),
}


@hooks.register("register_admin_viewset")
def register_viewsets():
    return list(viewsets.values())


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("moderation/", views.overview, name="moderation_overview"),
        path(
            "moderation/submissions/<str:model_name>/<int:pk>/", views.submission_detail, name="moderation_submission"
        ),
        path("moderation/submissions/<str:model_name>/<int:pk>/accept/", views.accept, name="moderation_accept"),
        path("moderation/submissions/<str:model_name>/<int:pk>/news/", views.make_news, name="moderation_make_news"),
        path("moderation/submissions/<str:model_name>/<int:pk>/erase/", views.erase_one, name="moderation_erase"),
        path(
            "moderation/submissions/<str:model_name>/<int:pk>/files/<str:field>/",
            views.download_file,
            name="moderation_file",
        ),
        path("moderation/forms/<int:form_id>/export/", views.export, name="moderation_export"),
        path("moderation/judging/", views.judging_index, name="moderation_judging"),
        path("moderation/judging/<int:form_id>/", views.judging_cases, name="moderation_judging_cases"),
        path("moderation/judging/cases/<int:pk>/", views.score_case, name="moderation_score_case"),
        path("moderation/judging/<int:form_id>/ranking/", views.ranking_view, name="moderation_ranking"),
    ]


class ShownIf(MenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


class ModerationMenu(SubmenuMenuItem):
    def is_shown(self, request):
        user = request.user
        return (
            access.can_moderate(user)
            or access.can_judge(user)
            or access.can_read_access_log(user)
            or user.has_perm("participation.change_participationform")
        )


def _queue(key):
    return reverse(f"participation_{viewsets[key].model._meta.model_name}:index")


@hooks.register("register_admin_menu_item")
def register_menu():
    from wagtail.admin.menu import Menu

    def judging_shown(user):
        return access.can_judge(user) or access.can_moderate(user)

    def forms_shown(user):
        return user.has_perm("participation.change_participationform")

    items = [
        ShownIf(
            "参与表单",
            reverse("participation_participationform:index"),
            icon_name="form",
            order=5,
            check=forms_shown,
        ),
        ShownIf("审核概览", reverse("moderation_overview"), icon_name="tasks", order=10, check=access.can_moderate),
        ShownIf("质量官报名", _queue("officer"), icon_name="user", order=20, check=access.can_moderate),
        ShownIf("十佳案例报送", _queue("case"), icon_name="doc-full", order=30, check=access.can_moderate),
        ShownIf("体验营报名", _queue("camp"), icon_name="group", order=40, check=access.can_moderate),
        ShownIf("案例评审", reverse("moderation_judging"), icon_name="pick", order=50, check=judging_shown),
        ShownIf(
            "个人信息访问记录",
            reverse("moderation_personaldataaccess:index"),
            icon_name="history",
            order=60,
            check=access.can_read_access_log,
        ),
    ]
    return ModerationMenu("参与审核", Menu(items=items), icon_name="form", order=320)
