"""Site-wide settings shown on every page change what cached pages must show."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from home.models import SiteFooter
from publishing import dependencies, invalidation


@receiver(post_save, sender=SiteFooter)
def footer_saved(sender, instance, created=False, **kwargs):
    # Every page carries the footer: its change stamps the site key, retiring cached pages and their ETags.
    # The empty row Wagtail creates on first read shows nothing, so it changes no page.
    if not created:
        invalidation.stamp({dependencies.SITE_KEY})
