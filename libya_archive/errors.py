"""What a request for something that does not exist gets: the API answers JSON, as DRF does
for an unknown record, and the site an Arabic page in its own layout."""

from django.http import JsonResponse
from django.views.defaults import page_not_found


def not_found(request, exception):
    # A path under /api/ that no route takes (a slug with a dot, say) never reaches DRF.
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
