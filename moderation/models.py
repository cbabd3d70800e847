"""The admin side of public participation: the personal-data access log and the judges' scores.

The forms and submissions themselves are ``participation``'s models.
"""

from django.conf import settings
from django.db import models


class PersonalDataAccess(models.Model):
    """One look at (or export, download or erasure of) an applicant's personal data: who, when, which."""

    class Action(models.TextChoices):
        VIEW = "view", "查看"
        DOWNLOAD = "download", "下载附件"
        EXPORT = "export", "导出"
        ERASE = "erase", "删除个人信息"
        EXPIRE = "expire", "到期自动删除"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the log outlives a deleted account.
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    form = models.ForeignKey(
        "participation.ParticipationForm",
        verbose_name="表单",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submission_type = models.CharField("提交类型", max_length=40)
    submission_id = models.PositiveBigIntegerField("提交编号", null=True, blank=True)
    count = models.PositiveIntegerField("涉及条数", default=1)
    detail = models.CharField("说明", max_length=255, blank=True)

    class Meta:
        verbose_name = "个人信息访问记录"
        verbose_name_plural = "个人信息访问记录"
        ordering = ["-at", "-pk"]
        permissions = [
            ("moderate_submissions", "审核参与表单提交（可查看、导出、删除个人信息）"),
            ("judge_cases", "评审十佳案例"),
        ]

    def __str__(self):
        return (
            f"{self.username or '系统'} {self.get_action_display()} {self.submission_type} {self.submission_id or ''}"
        )


class Score(models.Model):
    """One judge's score of one case, one number per published criterion."""

    submission = models.ForeignKey(
        "participation.CaseSubmission", verbose_name="案例", on_delete=models.CASCADE, related_name="scores"
    )
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评委", on_delete=models.CASCADE, related_name="+")
    # {criterion name: points}, in the order of the form's criteria.
    points = models.JSONField("各项得分", default=dict)
    total = models.DecimalField("总分", max_digits=7, decimal_places=2, default=0)
    comment = models.TextField("评语", blank=True)
    created_at = models.DateTimeField("评分时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "案例评分"
        verbose_name_plural = "案例评分"
        constraints = [models.UniqueConstraint(fields=["submission", "judge"], name="one_score_per_judge_and_case")]

    def __str__(self):
        return f"{self.submission_id}：{self.total}"


class JudgingResult(models.Model):
    """The published outcome of a form's 十佳案例 judging."""

    form = models.OneToOneField(
        "participation.ParticipationForm", verbose_name="表单", on_delete=models.CASCADE, related_name="judging_result"
    )
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Submission ids, best first, as ranked when the result was published.
    ranking = models.JSONField("名次", default=list)
    news_page = models.ForeignKey(
        "campaign.NewsPage", verbose_name="结果新闻", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "评选结果"
        verbose_name_plural = "评选结果"

    def __str__(self):
        return f"{self.form}：评选结果"
