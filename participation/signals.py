"""A form or camp session edited in the admin changes its activity page: new cache keys and ETags at once.

Submissions do not bump the version (a stream of them must not empty the cache): the public count on the
activity page ("已有 N 家企业报送案例") catches up within RESPONSE_CACHE_TTL.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from participation.models import CampSession, ParticipationForm
from publishing import content_version


@receiver(post_save, sender=ParticipationForm, dispatch_uid="participation-form-saved")
@receiver(post_delete, sender=ParticipationForm, dispatch_uid="participation-form-deleted")
@receiver(post_save, sender=CampSession, dispatch_uid="participation-session-saved")
@receiver(post_delete, sender=CampSession, dispatch_uid="participation-session-deleted")
def form_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        content_version.bump()
