"""Site-wide settings shown on every page change what cached pages must show."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from home.models import SiteFooter
from publishing import content_version


@receiver(post_save, sender=SiteFooter)
def footer_saved(sender, instance, **kwargs):
    # Every page carries the footer: a new content version retires cached pages and their ETags.
    content_version.bump()
