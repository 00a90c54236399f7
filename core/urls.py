from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("moje-sprawy/", views.dashboard, name="dashboard"),
    path("historia/<str:app_label>/<str:model_name>/<str:pk>/", views.history, name="history"),
    path("historia/<str:app_label>/<str:model_name>/<str:pk>/pdf/", views.history_pdf, name="history_pdf"),
    path("ezd/<str:label>/<str:pk>/paczka/", views.ezd_package, name="ezd_package"),
    path("ezd/<str:label>/<str:pk>/znak-sprawy/", views.ezd_case_sign, name="ezd_case_sign"),
    path("rodo/", views.privacy_register, name="privacy_register"),
    path("rodo/rejestr.xlsx", views.privacy_register_xlsx, name="privacy_register_xlsx"),
    path("rodo/ustawienia/", views.privacy_settings_edit, name="privacy_settings"),
    path("rodo/wnioski/", views.privacy_requests, name="privacy_requests"),
    path("rodo/wnioski/<int:pk>/", views.privacy_request, name="privacy_request"),
    path("rodo/retencja/", views.retention_disposals, name="retention"),
    path("zadania/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("zadania/<uuid:pk>/pobierz/", views.job_download, name="job_download"),
    path("zadania/<uuid:pk>/ponow/", views.job_retry_view, name="job_retry"),
    path("deklaracja-dostepnosci/", views.accessibility_statement_view, name="accessibility"),
    path("sesja/przedluz/", views.session_extend, name="session_extend"),
    path("deklaracja-dostepnosci/edycja/", views.accessibility_statement_edit, name="accessibility_edit"),
]
