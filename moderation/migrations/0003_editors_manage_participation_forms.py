from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsroom.roles import FORM_EDITOR_PERMISSIONS, FORM_EDITOR_ROLES


def permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label="participation", codename=dotted.split(".")[1])
        for dotted in FORM_EDITOR_PERMISSIONS
    ]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("participation")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name in FORM_EDITOR_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=FORM_EDITOR_ROLES):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_judge_role_and_moderator_permissions"),
        ("participation", "0002_form_judging_criteria"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
