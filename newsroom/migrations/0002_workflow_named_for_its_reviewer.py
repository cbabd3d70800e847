"""The workflow is named for who reviews: "提交给值班主任审核", not "提交给编辑审核" (issue #16)."""

from django.db import migrations

OLD_NAME = "编辑审核"
NEW_NAME = "值班主任审核"


def rename(apps, old, new):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    if not Workflow.objects.filter(name=new).exists():
        Workflow.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, OLD_NAME, NEW_NAME)


def backwards(apps, schema_editor):
    rename(apps, NEW_NAME, OLD_NAME)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_roles_and_workflow")]

    operations = [migrations.RunPython(forwards, backwards)]
