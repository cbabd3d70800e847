"""manage.py import_article FILE [FILE...] [--parent PAGE_ID] [--strict]

Cleans wire copy and saves each file as a draft news page for editors to
review. Never publishes.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from campaign.models import NewsIndexPage
from wirecopy.cleaner import FIX_LABELS, ArticleError, format_warnings
from wirecopy.importer import DamagedArticleError, default_parent, format_findings, prepare_article, save_article


def read_error(error):
    if isinstance(error, FileNotFoundError):
        return "文件不存在。"
    if isinstance(error, IsADirectoryError):
        return "这是一个目录，不是文件。"
    if isinstance(error, PermissionError):
        return "没有读取该文件的权限。"
    return f"读取文件失败（{error.strerror or error}）。"


class BarStream:
    """The command's stderr as tqdm's file: each redraw written as is, through
    ``OutputWrapper.write``'s ``ending`` and ``style_func`` arguments (no newline, no colour)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, style_func=str, ending="")

    def flush(self):
        self.wrapper.flush()

    def __getattr__(self, name):  # isatty, fileno… of the stream underneath
        return getattr(self.wrapper, name)


class Command(BaseCommand):
    help = "清洗稿件（拼音注音、乱码、繁体、标点）并导入为新闻草稿，不会发布。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="稿件文本文件（UTF-8 或 GB18030）")
        parser.add_argument("--parent", type=int, metavar="PAGE_ID", help="新闻列表页的 ID，默认是第一个新闻列表页")
        parser.add_argument("--strict", action="store_true", help="有无法自动修复的问题时拒绝导入该文件")

    def handle(self, *args, files, parent=None, strict=False, **options):
        parent_page = self.get_parent(parent)
        imported = refused = with_warnings = 0

        self.bar_stream = BarStream(self.stderr)
        progress = tqdm(files, desc="导入稿件", unit="篇", file=self.bar_stream, disable=len(files) < 2)
        for name in progress:
            try:
                # Cleaning first, outside any transaction: a slow file never holds the write lock.
                prepared = prepare_article(Path(name).read_bytes(), strict=strict)
                result = save_article(prepared, parent=parent_page)
            except DamagedArticleError as error:
                refused += 1
                self.report(self.style.ERROR(f"{name}: {error}"))
                self.report(format_warnings(error.warnings, filename=name))
                continue
            except (ArticleError, OSError) as error:
                refused += 1
                reason = read_error(error) if isinstance(error, OSError) else error
                self.report(self.style.ERROR(f"{name}: 无法导入：{reason}"))
                continue

            imported += 1
            page = result.page
            fixes = "".join(f"，{FIX_LABELS[kind]} {count} 处" for kind, count in result.cleaned.fixes.items() if count)
            self.report(f"{name}: 已导入为草稿「{page.title}」（ID {page.pk}）{fixes}", self.stdout)
            if result.findings:
                with_warnings += 1
                self.report(self.style.WARNING(f"{name}: 有 {len(result.findings)} 处需要人工核对："))
                self.report(format_findings(result.findings, filename=name))

        progress.close()
        summary = f"导入 {imported} 篇，拒绝 {refused} 篇。"
        if with_warnings:
            summary += f"导入的稿件中 {with_warnings} 篇有警告，已写入“导入警告”栏，请编辑核对。"
        if refused:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def get_parent(self, page_id):
        if page_id is None:
            try:
                return default_parent()
            except ArticleError as error:
                raise CommandError(str(error))
        parent = NewsIndexPage.objects.filter(pk=page_id).first()
        if parent is None:
            raise CommandError(f"找不到 ID 为 {page_id} 的新闻列表页（NewsIndexPage）。")
        return parent

    def report(self, message, stream=None):
        """Write a line without breaking the progress bar."""
        with tqdm.external_write_mode(file=self.bar_stream):
            (stream or self.stderr).write(message)
