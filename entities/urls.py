from django.urls import include, path

from . import views

app_name = "entities"

urlpatterns = [
    path("", views.entity_list_view, name="list"),
    path("nowy/", views.entity_create, name="create"),
    path("import/", views.entity_import, name="import"),
    path("import/zatwierdzenie/", views.entity_import_confirm, name="import_confirm"),
    path("import/wzor/", views.entity_import_template, name="import_template"),
    path("import/wykaz-ps/", views.ps_list_import, name="ps_import"),
    path("import/wykaz-ps/zatwierdzenie/", views.ps_list_import_confirm, name="ps_import_confirm"),
    path("<int:pk>/", views.entity_detail, name="detail"),
    path("<int:pk>/edycja/", views.entity_edit, name="edit"),
    path("<int:pk>/scalenie/", views.entity_merge, name="merge"),
    path("wybor/", views.picker_search, name="picker_search"),
    path("opcje/powiaty/", views.powiat_options, name="powiat_options"),
    path("opcje/gminy/", views.gmina_options, name="gmina_options"),
    # Public catalogue (no login).
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/<int:pk>/", views.catalogue_entity, name="catalogue_entity"),
    # Data from the state registers (entities/sources).
    path("", include("entities.sources.urls")),
]
