from django.urls import path

from claims.views import public

app_name = "public"
urlpatterns = [
    path("", public.home, name="home"),
    path("verdicts/<slug:slug>/", public.verdict, name="verdict"),
    path("pieces/<slug:slug>/", public.piece, name="piece"),
    path("ratings/<slug:slug>/", public.by_rating, name="by_rating"),
]
