from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from search.query import MAX_QUERY_LENGTH, normalise_query, search_pages
from search.results import TYPE_LABELS, TYPE_ORDER, highlight, result_type, snippet

RESULTS_PER_PAGE = 10
SUGGESTIONS = ["春城质量官", "小小质量官", "连连看", "论坛", "夏嘉伟", "0871-65392426"]


def search(request):
    """Public search page: ranked results labelled by type, with snippets."""
    raw_query = request.GET.get("q") or ""
    query = normalise_query(raw_query)
    selected_type = request.GET.get("type") or ""
    if selected_type not in TYPE_LABELS:
        selected_type = ""

    results = search_pages(query) if query else []
    typed = [(page, *result_type(page)) for page in results]
    counts = dict.fromkeys(TYPE_ORDER, 0)
    for _page, key, _label in typed:
        counts[key] += 1
    facets = [
        {"key": key, "label": TYPE_LABELS[key], "count": counts[key], "selected": key == selected_type}
        for key in TYPE_ORDER
        if counts[key]
    ]
    if selected_type:
        typed = [item for item in typed if item[1] == selected_type]

    paginator = Paginator(typed, RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))  # tolerates junk and out-of-range
    items = [
        {
            "page": page,
            "type": key,
            "type_label": label,
            "title": highlight(page.title, query),
            "snippet": snippet(page, query),
        }
        for page, key, label in page_obj.object_list
    ]
    context = {
        "search_query": query,
        "query_truncated": len(" ".join(raw_query.split())) > MAX_QUERY_LENGTH,
        "max_query_length": MAX_QUERY_LENGTH,
        "selected_type": selected_type,
        "facets": facets,
        "total": len(results),
        "page_obj": page_obj,
        "items": items,
        "suggestions": SUGGESTIONS,
    }
    return TemplateResponse(request, "search/search.html", context)
