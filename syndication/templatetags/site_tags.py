"""Small presentation helpers for the reading site."""

from django import template

register = template.Library()

DIGITS = "零一二三四五六七八九"


@register.filter
def cn_number(value):
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (enough for activity numbers)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    if 0 <= number < 10:
        return DIGITS[number]
    if 10 <= number < 100:
        tens, ones = divmod(number, 10)
        return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")
    return str(number)


@register.filter
def is_campaign_section(page):
    """Is this page the campaign or one of its activities (the 活动 menu entry is current)?"""
    return getattr(page, "_meta", None) is not None and page._meta.model_name in ("campaignpage", "activitypage")
