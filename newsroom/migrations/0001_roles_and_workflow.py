from django.db import migrations


def forwards(apps, schema_editor):
    from newsroom import provisioning

    provisioning.apply_roles(apps)
    provisioning.apply_workflow(apps)
    provisioning.assign_workflow(apps, [page.pk for page in provisioning.moderated_pages(apps)])


def backwards(apps, schema_editor):
    from newsroom import roles

    apps.get_model("auth", "Group").objects.filter(name__in=roles.ROLE_NAMES).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=roles.WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=roles.APPROVAL_TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("campaign", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
