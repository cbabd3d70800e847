"""The public forms: typed Django forms, Chinese errors, the admin's upload rules."""

import os
import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from wagtail.images.fields import WagtailImageField

from participation import abuse
from participation.models import (
    DECLARATION_MAX_CHARS,
    STORY_MAX_CHARS,
    CampSession,
    CampSignup,
    CaseSubmission,
    FormKind,
    OfficerApplication,
)
from participation.text import reader_length

CASE_TEXT_MAX_CHARS = 5000
REQUIRED = "请填写此项。"
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")

# The admin's rules for documents (WAGTAILDOCS_EXTENSIONS, WAGTAILDOCS_MAX_UPLOAD_SIZE), and the first
# bytes each type must start with, so that a renamed executable is not taken for a PDF.
ZIP_BASED = {"docx", "pptx", "xlsx", "odt", "zip"}
MAGIC = {"pdf": (b"%PDF-",), **dict.fromkeys(ZIP_BASED, (b"PK\x03\x04",))}


def normalise(value):
    return unicodedata.normalize("NFKC", value or "").strip()


def clean_phone(value, required=True):
    value = normalise(value).replace(" ", "").replace("－", "-")
    if not value:
        if required:
            raise ValidationError(REQUIRED, code="required")
        return ""
    if value.startswith("+86"):
        value = value[3:]
    if MOBILE.match(value.replace("-", "")):
        return value.replace("-", "")
    if not LANDLINE.match(value):
        raise ValidationError("请填写正确的手机号码（11 位）或带区号的固定电话，例如 0871-65392426。", code="phone")
    return value


class ChineseErrorsMixin:
    """Every field says what is wrong in Chinese."""

    def set_chinese_errors(self):
        for field in self.fields.values():
            field.error_messages.setdefault("required", REQUIRED)
            field.error_messages["required"] = REQUIRED
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"不能超过 {field.max_length} 个字符。"
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = "请填写正确的电子邮箱地址，例如 name@example.com。"
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = "请从列表中选择。"


class PublicForm(ChineseErrorsMixin, forms.ModelForm):
    """What every public form has: consent, a honeypot, the signed start time."""

    consent = forms.BooleanField(label="我已阅读并同意上述个人信息授权声明", required=True)
    # The honeypot: hidden from people by CSS and aria-hidden; a bot filling every field fills it too.
    website = forms.CharField(label="请勿填写此项", required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    contact_field = None  # the field whose digest rate-limits and de-duplicates

    def __init__(self, *args, participation_form=None, **kwargs):
        self.participation_form = participation_form
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = abuse.start_token(participation_form.pk)
        self.set_chinese_errors()
        self.fields["consent"].error_messages["required"] = "请阅读并勾选同意个人信息授权声明。"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(abuse.HONEYPOT_MESSAGE, code="honeypot")
        problem = abuse.token_problem(self.data.get("started"), self.participation_form.pk)
        if problem:
            raise ValidationError(problem, code="timing")
        return cleaned

    def refresh_token(self):
        """A re-shown form gets a new start time, so that fixing an error is not refused as too fast."""
        data = self.data.copy()
        data["started"] = abuse.start_token(self.participation_form.pk)
        self.data = data


class ImageUploadField(WagtailImageField):
    """The admin's image rules (types, WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_IMAGE_PIXELS), in Chinese."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = "、".join(ext.upper() for ext in self.allowed_image_extensions if ext != "jpeg")
        self.help_text = f"支持 {types} 格式，不超过 {self.max_upload_size_text}。"
        self.error_messages.update(
            {
                "required": "请上传一张照片。",
                "invalid_image": f"无法识别这张图片，请上传 {types} 格式的照片。",
                "invalid_image_extension": f"不支持这种文件类型，请上传 {types} 格式的照片。",
                "invalid_image_known_format": (
                    "文件扩展名（.%(extension)s）与实际格式（%(image_format)s）不符，请换一张照片。"
                ),
                "file_too_large": "照片太大（%(file_size)s），最大 %(max_filesize)s。",
                "file_too_large_unknown_size": f"照片太大，最大 {self.max_upload_size_text}。",
                "file_too_many_pixels": (
                    "照片像素过多（%(num_pixels)s），最多 %(max_pixels_count)s 像素，请缩小后再上传。"
                ),
                "empty": "上传的文件是空的。",
                "invalid": "上传失败，请重新选择文件。",
            }
        )
        self.widget.attrs["accept"] = ",".join(f".{ext}" for ext in self.allowed_image_extensions)


class DocumentUploadField(forms.FileField):
    """The admin's document rules (WAGTAILDOCS_EXTENSIONS, WAGTAILDOCS_MAX_UPLOAD_SIZE) plus a look at the content."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extensions = list(settings.WAGTAILDOCS_EXTENSIONS)
        self.max_size = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
        types = "、".join(ext.upper() for ext in self.extensions)
        limit = f"，不超过 {filesizeformat(self.max_size)}" if self.max_size else ""
        self.help_text = f"支持 {types} 格式{limit}。"
        self.error_messages.update(
            {"required": "请上传案例材料。", "empty": "上传的文件是空的。", "invalid": "上传失败，请重新选择文件。"}
        )
        self.widget.attrs["accept"] = ",".join(f".{ext}" for ext in self.extensions)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        ext = os.path.splitext(upload.name)[1].lower().lstrip(".")
        types = "、".join(e.upper() for e in self.extensions)
        if ext not in self.extensions:
            raise ValidationError(f"不支持这种文件类型，请上传 {types} 格式的文件。", code="invalid_extension")
        if self.max_size and upload.size > self.max_size:
            size, limit = filesizeformat(upload.size), filesizeformat(self.max_size)
            raise ValidationError(f"文件太大（{size}），最大 {limit}。", code="file_too_large")
        head = upload.read(2048)
        upload.seek(0)
        if ext in MAGIC and not head.startswith(MAGIC[ext]):
            raise ValidationError(f"文件内容与扩展名 .{ext} 不符，请检查后重新上传。", code="invalid_content")
        if ext in ("txt", "csv") and b"\x00" in head:
            raise ValidationError(f"文件内容与扩展名 .{ext} 不符，请检查后重新上传。", code="invalid_content")
        return upload


def text_field(label, max_length, **kwargs):
    return forms.CharField(label=label, max_length=max_length, **kwargs)


class OfficerApplicationForm(PublicForm):
    photo = ImageUploadField(label="照片")
    phone = text_field("手机号码", 20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        max_length=254,
        help_text="选填，用于接收提交确认",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    story = forms.CharField(
        label="质量故事",
        widget=forms.Textarea(attrs={"rows": 12, "data-max-chars": STORY_MAX_CHARS}),
        help_text=f"不超过 {STORY_MAX_CHARS} 字（标点计入，空格和换行不计）",
    )
    contact_field = "phone"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"] = ImageUploadField(label="照片")  # the limits as configured now

    class Meta:
        model = OfficerApplication
        fields = ["photo", "name", "occupation", "story", "declaration", "phone", "email"]
        help_texts = {
            "declaration": "一句话，例如：质量是每个人的责任。",
            "occupation": "例如：教师、工程师、社区工作者",
        }

    def clean_name(self):
        return normalise(self.cleaned_data["name"])

    def clean_story(self):
        story = (self.cleaned_data.get("story") or "").strip()
        length = reader_length(story)
        if length > STORY_MAX_CHARS:
            raise ValidationError(f"质量故事不能超过 {STORY_MAX_CHARS} 字（现在是 {length} 字）。", code="too_long")
        return story

    def clean_declaration(self):
        declaration = normalise(self.cleaned_data.get("declaration"))
        if reader_length(declaration) > DECLARATION_MAX_CHARS:
            raise ValidationError(f"质量宣言不能超过 {DECLARATION_MAX_CHARS} 字。", code="too_long")
        if any(mark in declaration.rstrip("。！？!?") for mark in "。！？!?\n"):
            raise ValidationError("质量宣言只能是一句话。", code="one_sentence")
        return declaration

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class CaseSubmissionForm(PublicForm):
    contact_name = text_field("联系人", 40)
    contact_phone = text_field(
        "联系电话", 20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    )
    contact_email = forms.EmailField(
        label="联系邮箱", required=False, max_length=254, help_text="选填，用于接收提交确认"
    )
    case_text = forms.CharField(
        label="案例介绍", widget=forms.Textarea(attrs={"rows": 12}), help_text=f"不超过 {CASE_TEXT_MAX_CHARS} 字"
    )
    document = DocumentUploadField(label="案例材料")
    contact_field = "contact_phone"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"] = DocumentUploadField(label="案例材料")  # the limits as configured now

    class Meta:
        model = CaseSubmission
        fields = [
            "organisation",
            "credit_code",
            "organisation_address",
            "contact_name",
            "contact_phone",
            "contact_email",
            "case_title",
            "case_text",
            "document",
        ]
        help_texts = {"credit_code": "选填，18 位"}

    def clean_credit_code(self):
        code = normalise(self.cleaned_data.get("credit_code")).upper()
        if code and not CREDIT_CODE.match(code):
            raise ValidationError("统一社会信用代码应为 18 位数字或大写字母。", code="credit_code")
        return code

    def clean_contact_phone(self):
        return clean_phone(self.cleaned_data.get("contact_phone"))

    def clean_case_text(self):
        text = (self.cleaned_data.get("case_text") or "").strip()
        length = reader_length(text)
        if length > CASE_TEXT_MAX_CHARS:
            raise ValidationError(f"案例介绍不能超过 {CASE_TEXT_MAX_CHARS} 字（现在是 {length} 字）。", code="too_long")
        return text


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        left = max(0, session.capacity - session.confirmed)
        return f"{session.title}（剩余 {left} 个名额）" if left else f"{session.title}（已满，可报名候补）"


class CampSignupForm(PublicForm):
    child_name = text_field("孩子姓名", 40)
    guardian_name = text_field("监护人姓名", 40)
    guardian_phone = text_field(
        "监护人手机", 20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    )
    guardian_email = forms.EmailField(
        label="监护人邮箱", required=False, max_length=254, help_text="选填，用于接收报名确认"
    )
    session = SessionChoiceField(label="场次", queryset=CampSession.objects.none(), empty_label="请选择场次")
    contact_field = "guardian_phone"

    class Meta:
        model = CampSignup
        fields = ["child_name", "grade", "session", "guardian_name", "guardian_phone", "guardian_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = CampSession.objects.filter(form=self.participation_form).order_by("sort_order", "pk")
        self.fields["session"].queryset = CampSession.with_counts(sessions)
        self.fields["session"].error_messages["invalid_choice"] = "请从列表中选择场次。"
        self.fields["grade"].error_messages["invalid_choice"] = "请从列表中选择年级。"

    def clean_child_name(self):
        return normalise(self.cleaned_data.get("child_name"))

    def clean_guardian_phone(self):
        return clean_phone(self.cleaned_data.get("guardian_phone"))


FORM_CLASSES = {
    FormKind.OFFICER: OfficerApplicationForm,
    FormKind.CASE: CaseSubmissionForm,
    FormKind.CAMP: CampSignupForm,
}
