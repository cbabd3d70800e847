from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from search.query import MAX_QUERY_LENGTH, normalise_query, search_pages
from search.results import OTHER_TYPE, RESULT_TYPES, TYPE_LABELS, TYPE_ORDER, highlight, result_type, snippet

RESULTS_PER_PAGE = 10
# Results whose types make the facets when there are too many to count per type.
FACET_SAMPLE = 100
SUGGESTIONS = ["春城质量官", "小小质量官", "连连看", "论坛", "夏嘉伟", "0871-65392426"]


def _search_type(query, key):
    """The same ranking, one result type."""
    typed = [model for model in apps.get_models() if issubclass(model, Page) and model._meta.model_name in RESULT_TYPES]
    if key == OTHER_TYPE[0]:
        return search_pages(query, queryset=Page.objects.not_type(*typed))
    return search_pages(query, models=[model for model in typed if RESULT_TYPES[model._meta.model_name][0] == key])


def search(request):
    """Public search page: ranked results labelled by type, with snippets."""
    raw_query = request.GET.get("q") or ""
    query = normalise_query(raw_query)
    selected_type = request.GET.get("type") or ""
    if selected_type not in TYPE_LABELS:
        selected_type = ""

    results = search_pages(query)
    # Types come from the index entries: no page is fetched except those shown.
    # Exact counts per type when every result is known; otherwise (more than
    # COUNT_LIMIT results) the types seen among the first results, uncounted.
    exact = not results.approximate
    type_counts = results.type_counts() if exact else results.type_counts(upto=FACET_SAMPLE)
    counts = dict.fromkeys(TYPE_ORDER, 0)
    for ct, count in type_counts.items():
        model = ContentType.objects.get_for_id(ct).model_class()
        counts[result_type(model)[0] if model else OTHER_TYPE[0]] += count
    facets = [
        {
            "key": key,
            "label": TYPE_LABELS[key],
            "count": counts[key] if exact else None,
            "selected": key == selected_type,
        }
        for key in TYPE_ORDER
        if counts[key] or key == selected_type
    ]
    shown = results
    if selected_type:
        shown = _search_type(query, selected_type)

    paginator = Paginator(shown, RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))  # tolerates junk and out-of-range
    items = [
        {
            "page": page,
            "type": key,
            "type_label": label,
            "title": highlight(page.title, query),
            "snippet": snippet(page, query),
        }
        for page in page_obj.object_list
        for key, label in [result_type(page)]
    ]
    context = {
        "search_query": query,
        "query_truncated": len(" ".join(raw_query.split())) > MAX_QUERY_LENGTH,
        "max_query_length": MAX_QUERY_LENGTH,
        "selected_type": selected_type,
        "facets": facets,
        "total": len(results),
        "total_display": results.display_count(),
        "page_obj": page_obj,
        "items": items,
        "suggestions": SUGGESTIONS,
    }
    return TemplateResponse(request, "search/search.html", context)
