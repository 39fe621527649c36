"""What a request for something missing, or one that fails, gets: the API answers JSON, as
DRF does for an unknown record, and the site an Arabic page (templates/404.html, 500.html)."""

from django.http import JsonResponse
from django.views.defaults import page_not_found, server_error


def _is_for_the_api(request) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request, exception):
    # A path under /api/ that no route takes (a slug with a dot, say) never reaches DRF.
    if _is_for_the_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def failed(request):
    if _is_for_the_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return server_error(request)
