"""What every response under /api/ has in common, whatever produced it.

DRF's exception handler (``api.errors``) answers for the views. Outside them, Django
answers with HTML pages: a bad Host header, a failure in another middleware, and with
DEBUG on, its debug pages with settings and tracebacks. An API client must never get
those, so any error response under /api/ that is not already JSON is replaced here by
the JSON body its status calls for. API responses are also never cached and never
set a cookie: the API authenticates with a bearer token only.
"""

from api import errors

API_PREFIX = "/api/"


class ApiResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            response = self.get_response(request)
        except Exception as error:  # noqa: BLE001 - Django converts errors before this; never an HTML page here
            response = errors.unexpected_error_response(error)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            response = self._as_json(response)
        response["Cache-Control"] = "no-store"
        response.cookies.clear()
        return response

    def _as_json(self, response):
        status = response.status_code
        if status >= 500:
            # Django has already logged the error (logger django.request) and, with a DSN, sent it to Sentry.
            return errors.unexpected_error_response(None)
        replaced = errors.error_response(status, errors.SENTENCES.get(status, errors.SENTENCES[400]))
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replaced[header] = response[header]
        return replaced
