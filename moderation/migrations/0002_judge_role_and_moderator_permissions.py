from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsroom.roles import JUDGE, JUDGE_PERMISSIONS, MODERATOR_PERMISSIONS, MODERATOR_ROLES


def permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for dotted in names:
        app_label, codename = dotted.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def grant(apps, schema_editor):
    for label in ("moderation", "wagtailadmin"):
        # Migration app configs are stubs without models_module, which create_permissions checks.
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    judges, _ = Group.objects.get_or_create(name=JUDGE)
    judges.permissions.set(permissions(apps, JUDGE_PERMISSIONS))
    for name in MODERATOR_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps, MODERATOR_PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=JUDGE).delete()
    for group in Group.objects.filter(name__in=MODERATOR_ROLES):
        group.permissions.remove(*permissions(apps, MODERATOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_personal_data_log_and_scores"),
        ("newsroom", "0001_roles_and_workflow"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
