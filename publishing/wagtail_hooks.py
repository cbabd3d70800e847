from wagtail import hooks

from publishing.rich_text import PublicDocumentLinkHandler, PublicPageLinkHandler


# After Wagtail's own registrations (order 0), which these replace.
@hooks.register("register_rich_text_features", order=100)
def public_link_handlers(features):
    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)
