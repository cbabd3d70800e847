"""Keep the workflow on news and activities, and renditions ahead of readers."""

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.signals import page_published


def assign_workflow_to_section(sender, instance, created, raw=False, **kwargs):
    """A new news index or campaign gets the 值班主任审核 workflow for everything under it."""
    if created and not raw:
        from django.apps import apps

        from newsroom.provisioning import assign_workflow

        assign_workflow(apps, [instance.pk])


def image_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        enqueue_renditions([instance.pk])


def page_was_published(sender, instance, **kwargs):
    from newsroom.tasks import page_image_ids

    ids = page_image_ids(instance.specific)
    if ids:
        enqueue_renditions(ids)


def enqueue_renditions(image_ids):
    from newsroom.tasks import generate_renditions

    transaction.on_commit(lambda: generate_renditions.enqueue(list(image_ids)))


def complete_administrator_group(sender, app_config, using="default", apps=None, **kwargs):
    """Administrators hold every permission, including those of models added later."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from newsroom.roles import ADMINISTRATOR

    # Django's own handler for this app may run after this one.
    create_permissions(app_config, verbosity=0, using=using, apps=apps or global_apps)

    group = Group.objects.filter(name=ADMINISTRATOR).first()
    if group is not None and group.permissions.count() != Permission.objects.count():
        group.permissions.set(Permission.objects.all())


def connect():
    from wagtail.images import get_image_model

    from campaign.models import CampaignPage, NewsIndexPage

    for model in (NewsIndexPage, CampaignPage):
        post_save.connect(assign_workflow_to_section, sender=model, dispatch_uid=f"newsroom-workflow-{model.__name__}")
    post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="newsroom-image-renditions")
    page_published.connect(page_was_published, dispatch_uid="newsroom-page-renditions")
    from newsroom.publication_time import fix_at_first_publication

    page_published.connect(fix_at_first_publication, dispatch_uid="newsroom-publication-time")
