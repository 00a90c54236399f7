from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("moje-sprawy/", views.dashboard, name="dashboard"),
    path("historia/<str:app_label>/<str:model_name>/<str:pk>/", views.history, name="history"),
    path("historia/<str:app_label>/<str:model_name>/<str:pk>/pdf/", views.history_pdf, name="history_pdf"),
    path("zadania/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("zadania/<uuid:pk>/pobierz/", views.job_download, name="job_download"),
    path("zadania/<uuid:pk>/ponow/", views.job_retry_view, name="job_retry"),
    path("deklaracja-dostepnosci/", views.accessibility_statement_view, name="accessibility"),
    path("sesja/przedluz/", views.session_extend, name="session_extend"),
    path("deklaracja-dostepnosci/edycja/", views.accessibility_statement_edit, name="accessibility_edit"),
]
