"""One shape for every refused request of the API: `{"error": "<parameter>: <what is wrong>",
"errors": {<parameter>: [<what is wrong>, …]}}`, the first refusal in a sentence and each by
name, whether the search or a list refuses it (DRF alone gives a list's as `{<parameter>: […]}`)."""

from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler


def refusal(errors: dict[str, list[str]]) -> dict:
    """The body of a 400 refusing the parameters `errors` names, each with what is wrong with it."""
    key, messages = next(iter(errors.items()))
    return {"error": f"{key}: {messages[0]}", "errors": errors}


def api_exception_handler(exception: Exception, context: dict) -> Response | None:
    """DRF's response to `exception`, a refusal of named parameters in the API's one shape."""
    response = exception_handler(exception, context)
    if isinstance(exception, ValidationError) and isinstance(response.data, dict) and response.data:
        errors = {key: messages if isinstance(messages, list) else [messages] for key, messages in response.data.items()}
        response.data = refusal(errors)
    return response
