"""Give existing partner keys an opaque primary key instead of the library's "prefix.hash"."""

import secrets

from django.db import migrations


def reissue_ids(apps, schema_editor):
    PartnerKey = apps.get_model("partner_api", "PartnerKey")
    # Every foreign key to a partner key (usage, webhook endpoints, ...), moved to the new id.
    relations = [relation for relation in PartnerKey._meta.related_objects if not relation.many_to_many]
    for key in list(PartnerKey.objects.filter(id__contains=".")):
        old_id, prefix = key.id, key.prefix
        # prefix is unique: park the old row's under a placeholder while both rows exist.
        PartnerKey.objects.filter(id=old_id).update(prefix="~" + secrets.token_hex(3)[:7])
        key.id, key.prefix = secrets.token_hex(16), prefix
        key.save(force_insert=True)
        for relation in relations:
            relation.related_model._base_manager.filter(**{relation.field.attname: old_id}).update(
                **{relation.field.attname: key.id}
            )
        PartnerKey.objects.filter(id=old_id).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partner_api", "0002_previewtoken"),
        ("partner_sync", "0001_initial"),
    ]

    operations = [migrations.RunPython(reissue_ids, migrations.RunPython.noop)]
