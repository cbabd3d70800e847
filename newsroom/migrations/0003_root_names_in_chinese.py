"""The page tree's and the collection tree's roots, shown in breadcrumbs and pickers, get Chinese names.

Wagtail creates them as "Root" (issue #16: no English on an editor's screen).
"""

from django.db import migrations

NAMES = {"page": ("Root", "全部站点"), "collection": ("Root", "全部")}


def rename(apps, forwards=True):
    old, new = NAMES["page"] if forwards else NAMES["page"][::-1]
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=old).update(title=new, draft_title=new)
    old, new = NAMES["collection"] if forwards else NAMES["collection"][::-1]
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps)


def backwards(apps, schema_editor):
    rename(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0002_workflow_named_for_its_reviewer")]

    operations = [migrations.RunPython(forwards, backwards)]
