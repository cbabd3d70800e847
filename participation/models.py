"""Public participation: forms editors attach to an activity, and what the public sends through them.

One ``ParticipationForm`` per form on an activity page; its ``kind`` says which
typed submission model its entries are (``OfficerApplication``,
``CaseSubmission``, ``CampSignup``). Every submission carries the moderation
fields (status, notes, assignee). Personal fields (phone, e-mail, guardian
data, a child's name) are ``EncryptedTextField`` columns and are listed in each
model's ``PERSONAL_FIELDS``, which erasure, export and the data-view log use.
Uploaded files live in PRIVATE_MEDIA_ROOT (``participation.storage``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from participation.encryption import EncryptedTextField
from participation.storage import get_submission_storage, upload_to

STORY_MAX_CHARS = 800
DECLARATION_MAX_CHARS = 100


class FormKind(models.TextChoices):
    OFFICER = "officer", "“春城质量官”报名"
    CASE = "case", "十佳案例报送"
    CAMP = "camp", "“小小质量官”体验营报名"


class CountMode(models.TextChoices):
    HIDDEN = "hidden", "不显示"
    ALL = "all", "全部提交"
    ACCEPTED = "accepted", "仅已采纳"


class ParticipationForm(ClusterableModel):
    """A form attached to an activity: open between two moments, with its purpose and consent text."""

    activity = models.ForeignKey(
        "campaign.ActivityPage",
        verbose_name="所属活动",
        null=True,
        on_delete=models.SET_NULL,
        related_name="participation_forms",
        help_text="表单显示在哪个活动页上",
    )
    kind = models.CharField("表单类型", max_length=20, choices=FormKind.choices)
    title = models.CharField("表单标题", max_length=120, help_text="例如：报名成为“春城质量官”")
    intro = models.TextField("说明", blank=True, help_text="表单上方的一段说明")
    opens_at = models.DateTimeField("开放时间", help_text="北京时间")
    closes_at = models.DateTimeField("截止时间", help_text="北京时间")
    purpose = models.TextField("收集目的", help_text="为什么收集这些信息、用于什么，在表单上显示")
    consent_text = models.TextField(
        "个人信息授权声明", help_text="提交者须勾选同意；说明谁能看到、保存多久、如何申请删除"
    )
    retention_days = models.PositiveIntegerField(
        "保存期限（天）", default=365, help_text="提交满这么多天后，联系方式等个人信息将被删除"
    )
    count_mode = models.CharField(
        "公开计数",
        max_length=20,
        choices=CountMode.choices,
        default=CountMode.HIDDEN,
        help_text="活动页上的数字统计全部提交，还是仅统计已采纳的",
    )
    count_label = models.CharField(
        "计数文字",
        max_length=80,
        blank=True,
        help_text="用 {n} 表示数字，例如：已有 {n} 家企业报送案例",
    )
    notify_emails = models.TextField(
        "通知邮箱", blank=True, help_text="收到新提交时通知的审核人员邮箱，每行一个或用逗号分隔"
    )
    # 十佳案例 judging (moderation/): the published criteria, one a line as "名称 满分".
    judging_criteria = models.TextField(
        "评审标准",
        blank=True,
        help_text="仅用于十佳案例报送：每行一项，写名称和满分，例如：创新性 40。评委按这些标准打分。",
    )
    sort_order = models.IntegerField("排序", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "参与表单"
        verbose_name_plural = "参与表单"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "截止时间必须晚于开放时间。"})
        if self.count_mode != CountMode.HIDDEN and "{n}" not in (self.count_label or ""):
            raise ValidationError({"count_label": "请在计数文字中用 {n} 表示数字。"})

    # --- open / closed -------------------------------------------------------------------

    def state(self, now=None):
        """ "open", "upcoming" or "closed"; the demo setting PARTICIPATION_FORMS_ALWAYS_OPEN keeps every form open."""
        if getattr(settings, "PARTICIPATION_FORMS_ALWAYS_OPEN", False):
            return "open"
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now=None):
        return self.state(now) == "open"

    # --- submissions ---------------------------------------------------------------------

    @property
    def submission_model(self):
        return SUBMISSION_MODELS[self.kind]

    def submissions(self):
        return self.submission_model.objects.filter(form=self)

    def public_count(self):
        """The number behind "已有 N 家企业报送案例", or None when the form shows none."""
        if self.count_mode == CountMode.HIDDEN:
            return None
        entries = self.submissions()
        if self.count_mode == CountMode.ACCEPTED:
            entries = entries.filter(status=Status.ACCEPTED)
        return entries.count()

    def public_count_text(self):
        count = self.public_count()
        if count is None or "{n}" not in (self.count_label or ""):
            return ""
        return self.count_label.replace("{n}", str(count))

    def notify_addresses(self):
        raw = (self.notify_emails or "").replace("\n", ",").replace("，", ",")
        return [address.strip() for address in raw.split(",") if address.strip()]


class CampSession(Orderable):
    """A session of the 小小质量官 camp that children sign up for; full sessions put sign-ups on a waiting list."""

    form = ParentalKey(ParticipationForm, related_name="camp_sessions", on_delete=models.CASCADE)
    title = models.CharField("场次名称", max_length=120, help_text="例如：第一期（10月15日上午）")
    starts_at = models.DateTimeField("开始时间", null=True, blank=True, help_text="北京时间，可选")
    capacity = models.PositiveIntegerField("名额", help_text="报满后新的报名进入候补名单")

    class Meta(Orderable.Meta):
        verbose_name = "体验营场次"
        verbose_name_plural = "体验营场次"

    def __str__(self):
        return self.title

    def confirmed_count(self):
        return self.signups.filter(waitlisted=False).exclude(status=Status.REJECTED).count()

    def places_left(self):
        return max(0, self.capacity - self.confirmed_count())

    @classmethod
    def with_counts(cls, queryset):
        confirmed = Count("signups", filter=Q(signups__waitlisted=False) & ~Q(signups__status=Status.REJECTED))
        return queryset.annotate(confirmed=confirmed)


class Status(models.TextChoices):
    NEW = "new", "新提交"
    IN_REVIEW = "in_review", "审核中"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "未采纳"


class Submission(models.Model):
    """What every kind of submission has: the form, the moderation fields and the erasure record."""

    kind = None
    # Encrypted columns with personal data: erased after the form's retention period or on request.
    PERSONAL_FIELDS = ()
    # Uploaded files (FileFields): deleted with the personal data.
    FILE_FIELDS = ()

    form = models.ForeignKey(
        ParticipationForm, verbose_name="表单", on_delete=models.PROTECT, related_name="%(class)ss"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    notes = models.TextField("备注", blank=True, help_text="仅审核人员可见")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Keyed HMAC of the normalised contact (participation.encryption.digest): duplicates and rate limits
    # are checked without decrypting anything; emptied on erasure.
    contact_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    consent_given_at = models.DateTimeField("同意授权时间", null=True, editable=False)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    erased_at = models.DateTimeField("个人信息删除时间", null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def status_label(self):
        return Status(self.status).label


class OfficerApplication(Submission):
    """An application to become a 春城质量官: a photo, a story, a declaration and contact details."""

    kind = FormKind.OFFICER
    PERSONAL_FIELDS = ("phone", "email")
    FILE_FIELDS = ("photo",)

    name = models.CharField("姓名", max_length=40)
    occupation = models.CharField("职业", max_length=60)
    photo = models.ImageField("照片", upload_to=upload_to, storage=get_submission_storage, max_length=200, blank=True)
    story = models.TextField("质量故事", help_text=f"不超过 {STORY_MAX_CHARS} 字")
    declaration = models.CharField("质量宣言", max_length=DECLARATION_MAX_CHARS, help_text="一句话")
    phone = EncryptedTextField("手机号码", blank=True)
    email = EncryptedTextField("电子邮箱", blank=True)
    # Set when 采纳 creates the draft officer page (moderation).
    officer_page = models.ForeignKey(
        "campaign.OfficerPage",
        verbose_name="质量官页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Submission.Meta):
        verbose_name = "质量官报名"
        verbose_name_plural = "质量官报名"

    def __str__(self):
        return f"{self.name}（{self.occupation}）"


class CaseSubmission(Submission):
    """A 十佳案例 entry: the organisation, the case and a document."""

    kind = FormKind.CASE
    PERSONAL_FIELDS = ("contact_name", "contact_phone", "contact_email")
    FILE_FIELDS = ("document",)

    organisation = models.CharField("单位名称", max_length=120)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    organisation_address = models.CharField("单位地址", max_length=200, blank=True)
    contact_name = EncryptedTextField("联系人", blank=True)
    contact_phone = EncryptedTextField("联系电话", blank=True)
    contact_email = EncryptedTextField("联系邮箱", blank=True)
    case_title = models.CharField("案例名称", max_length=120)
    case_text = models.TextField("案例介绍")
    document = models.FileField(
        "案例材料", upload_to=upload_to, storage=get_submission_storage, max_length=200, blank=True
    )
    # Set when an accepted case becomes a news item (moderation).
    news_page = models.ForeignKey(
        "campaign.NewsPage",
        verbose_name="新闻页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Submission.Meta):
        verbose_name = "十佳案例报送"
        verbose_name_plural = "十佳案例报送"

    def __str__(self):
        return f"{self.case_title}（{self.organisation}）"


class Grade(models.TextChoices):
    P1 = "p1", "小学一年级"
    P2 = "p2", "小学二年级"
    P3 = "p3", "小学三年级"
    P4 = "p4", "小学四年级"
    P5 = "p5", "小学五年级"
    P6 = "p6", "小学六年级"
    J1 = "j1", "初中一年级"
    J2 = "j2", "初中二年级"
    J3 = "j3", "初中三年级"


class CampSignup(Submission):
    """A child signed up for a 小小质量官 session by a guardian; on the waiting list when the session was full."""

    kind = FormKind.CAMP
    PERSONAL_FIELDS = ("child_name", "guardian_name", "guardian_phone", "guardian_email")

    session = models.ForeignKey(CampSession, verbose_name="场次", on_delete=models.PROTECT, related_name="signups")
    waitlisted = models.BooleanField("候补", default=False, help_text="报名时该场次已满")
    child_name = EncryptedTextField("孩子姓名", blank=True)
    grade = models.CharField("年级", max_length=4, choices=Grade.choices)
    guardian_name = EncryptedTextField("监护人姓名", blank=True)
    guardian_phone = EncryptedTextField("监护人手机", blank=True)
    guardian_email = EncryptedTextField("监护人邮箱", blank=True)

    class Meta(Submission.Meta):
        verbose_name = "体验营报名"
        verbose_name_plural = "体验营报名"

    def __str__(self):
        return f"{self.session}：{self.get_grade_display()}"


SUBMISSION_MODELS = {
    FormKind.OFFICER: OfficerApplication,
    FormKind.CASE: CaseSubmission,
    FormKind.CAMP: CampSignup,
}
