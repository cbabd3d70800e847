"""Put every media file where its privacy says: run after upgrading, restoring, or moving collections."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from private_media import placement


class Command(BaseCommand):
    help = "把受限文档和受限图库中的图片移出公开媒体目录（可重复运行）"

    def handle(self, *args, **options):
        moved_images = placement.place_images(get_image_model().objects.all())
        moved_documents = move_public_documents()
        self.stdout.write(f"图片移动 {moved_images} 张，文档移动 {moved_documents} 个")


def move_public_documents():
    """Documents uploaded before private storage existed sit in the public folder; move them out."""
    public = Path(settings.MEDIA_ROOT) / "documents"
    if not public.is_dir():
        return 0
    moved = 0
    for source in sorted(p for p in public.rglob("*") if p.is_file()):
        target = Path(settings.PRIVATE_MEDIA_ROOT) / source.relative_to(settings.MEDIA_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.move(source, target)
            moved += 1
    return moved
