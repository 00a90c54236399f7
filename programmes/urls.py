from django.urls import path, re_path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list_view, name="list"),
    path("import/", views.programme_import_view, name="import"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/status/", views.programme_transition_view, name="transition"),
    path("<int:pk>/wartosci/", views.values_compute, name="compute"),
    path("<int:pk>/uwagi/", views.comments, name="comments"),
    path("<int:pk>/uwagi/raport.csv", views.consultation_report, name="consultation_report"),
    re_path(r"^(?P<pk>\d+)/eksport\.(?P<fmt>yaml|xlsx)$", views.programme_export, name="export"),
    path("wskazniki/<int:pk>/", views.indicator_values, name="indicator_values"),
    # Public consultation (no login).
    path("<int:pk>/konsultacje/", views.consultation, name="consultation"),
]
