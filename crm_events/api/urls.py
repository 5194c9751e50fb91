"""/api/v1/: the session, the four kinds of record, and the OpenAPI schema.

Room is kept for what comes next without moving anything: ``{resource}/{id}/history``
and ``import/{clients,events}`` are free paths beside these.
"""

from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularJSONAPIView

from api import views
from api.resources import RESOURCES

app_name = "api"

urlpatterns = [
    path("v1/session", views.SessionView.as_view(), name="session"),
    path("v1/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
]
for resource in RESOURCES:
    urlpatterns += [
        path(f"v1/{resource.name}", views.RecordsView.as_view(resource=resource), name=resource.name),
        # Before {id}: "check" is not a record id.
        path(f"v1/{resource.name}/check", views.CheckView.as_view(resource=resource), name=f"{resource.label}-check"),
        path(f"v1/{resource.name}/<str:id>", views.RecordView.as_view(resource=resource), name=resource.label),
    ]
urlpatterns.append(re_path(r"^.*$", csrf_exempt(views.not_found), name="not-found"))
