"""/api/v1/: the session, the four kinds of record with their history, unlocking an
account, the spreadsheet import, and the OpenAPI schema."""

from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularJSONAPIView

from api import views
from api.history import HistoryView
from api.imports import KINDS, ImportView
from api.resources import RESOURCES
from api.unlock import UnlockView

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
        path(
            f"v1/{resource.name}/<str:id>/history",
            HistoryView.as_view(resource=resource),
            name=f"{resource.label}-history",
        ),
    ]
urlpatterns.append(path("v1/employees/<str:id>/unlock", UnlockView.as_view(), name="employee-unlock"))
for kind in KINDS:
    urlpatterns.append(path(f"v1/import/{kind}", ImportView.as_view(kind=kind), name=f"import-{kind}"))
urlpatterns.append(re_path(r"^.*$", csrf_exempt(views.not_found), name="not-found"))
