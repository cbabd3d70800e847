"""Make every image size the site and the API use, for images uploaded before a size was added."""

from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail.images import get_image_model

from newsroom.tasks import generate_renditions
from publishing.renditions import PREGENERATED_FILTER_SPECS


class Command(BaseCommand):
    help = "为所有图片生成网站和接口使用的各种尺寸（已有的跳过）。"

    def handle(self, *args, **options):
        Image = get_image_model()
        wanted = set(PREGENERATED_FILTER_SPECS)
        missing = [
            image.pk
            for image in Image.objects.prefetch_related("renditions")
            if not wanted <= {rendition.filter_spec for rendition in image.renditions.all()}
        ]
        for pk in tqdm(missing, desc="生成图片尺寸", unit="张", disable=not missing or options["verbosity"] == 0):
            generate_renditions.call([pk])
        self.stdout.write(f"{len(missing)} 张图片补齐了尺寸，共 {len(wanted)} 种尺寸。")
