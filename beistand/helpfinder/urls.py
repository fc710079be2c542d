"""Staff pages of the help finder, under /<language>/staff/helpfinder/: routing rules and coverage."""

from django.urls import path

from beistand.helpfinder.views import coverage, rules

app_name = "helpfinder"
urlpatterns = [
    path("", rules.rule_list, name="rule_list"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("centres/<slug:slug>/", rules.centre_rules, name="centre_rules"),
    path("centres/<slug:slug>/new/", rules.rule_create, name="rule_create"),
    path("rules/<uuid:rule_id>/edit/", rules.rule_edit, name="rule_edit"),
    path("rules/<uuid:rule_id>/delete/", rules.rule_delete, name="rule_delete"),
]
