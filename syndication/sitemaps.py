"""Wagtail's sitemap, restricted by the one visibility rule and placed on BASE_URL."""

from wagtail.contrib.sitemaps import Sitemap

from cms.absolute_urls import absolute_url
from publishing.visibility import public_pages


class PublicSitemap(Sitemap):
    """Every public page of the site; expired-but-unprocessed and scheduled pages stay out."""

    def items(self):
        root = self.get_wagtail_site().root_page
        return public_pages(root.get_descendants(inclusive=True)).order_by("path").defer_streamfields()

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            urls.append({"location": absolute_url(item.get_url(self.request)), "lastmod": self.lastmod(item)})
        last_mods = {url["lastmod"] for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
