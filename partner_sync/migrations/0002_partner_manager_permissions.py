from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsroom.roles import PARTNER_MANAGER, PARTNER_MANAGER_PERMISSIONS


def grant(apps, schema_editor):
    for label in ("partner_api", "partner_sync"):
        # Migration app configs are stubs without models_module, which create_permissions checks.
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PARTNER_MANAGER)
    for dotted in PARTNER_MANAGER_PERMISSIONS:
        app_label, codename = dotted.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("partner_sync", "0001_initial"),
        ("partner_api", "0001_initial"),
        ("newsroom", "0001_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
